package dev.baton.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** This build against the previous one on the changed paths, and the cost of diagnostics. */
final class BuildSections extends ReportSection {

  BuildSections(Results results, List<String> targets, List<String> misses) {
    super(results, targets, misses);
  }

  /** The changed paths of the previous-build comparison: benchmark, parameters, what it is. */
  private static final String[][] CHANGED_PATHS = {
    {"ReadBenchmark.baton", "active=1,read=set-last", "`getStore()`, 1 active"},
    {"ReadBenchmark.baton", "active=10,read=set-last", "`getStore()`, 10 active, the value set last"},
    {"ReadBenchmark.baton", "active=10,read=set-first", "`getStore()`, 10 active, the value set first"},
    {"ScopeBenchmark.baton", "active=1", "`run()`, 1 active"},
    {"ScopeBenchmark.baton", "active=10", "`run()`, 10 active"},
    {"CaptureRestoreBenchmark.baton", "values=1", "`ContextExecutors.wrap` capture and restore, 1 value"},
    {"CaptureRestoreBenchmark.baton", "values=10", "`ContextExecutors.wrap` capture and restore, 10 values"},
    {"CaptureRestoreBenchmark.baton", "values=50", "`ContextExecutors.wrap` capture and restore, 50 values"},
    {"ExecutorHandoffBenchmark.execute", "library=baton,task=task-object", "the agent, `execute` of a task object"},
    {"ExecutorHandoffBenchmark.execute", "library=baton,task=lambda", "the agent, `execute` of one lambda"},
  };

  String previousSection() {
    StringBuilder text = new StringBuilder("## This build against the previous core\n\n");
    if (results.previousRevision == null) {
      return text.append("Not measured in this run (see above).\n").toString();
    }
    text.append(String.format(Locale.ROOT,
            "Every path the per-task work changed, measured with this build and with the build of `%s`%n"
                + "(by default the last commit before that work; `BATON_PREVIOUS_REV` chooses another), in%n"
                + "alternating JVMs: %d rounds, each build once per%n"
                + "round, 3 warm-up and 3 measured seconds per trial. Core paths run the benchmark with the%n"
                + "earlier `baton-core` on the boot class path, ahead of this build's; the agent rows start%n"
                + "each JVM with that build's own agent. Each cell is the median round (lowest and highest in%n"
                + "brackets), ns/op. A path is called faster or slower only when every round of one build%n"
                + "beat every round of the other; otherwise the two are within this machine's noise.%n%n",
            results.previousRevision, results.previousRounds))
        .append("| path | this build | B/op | previous | B/op | previous / this | this build is |\n|---|---:|---:|---:|---:|---:|---|\n");
    List<String> slower = new ArrayList<>();
    for (String[] path : CHANGED_PATHS) {
      String[] params = path[1].replace('=', ',').split(",");
      List<Jmh.Row> now = results.rows("this-", path[0], params);
      List<Jmh.Row> before = results.rows("previous-", path[0], params);
      if (now.isEmpty() || before.isEmpty()) {
        continue;
      }
      double ratio = medianScore(before) / medianScore(now);
      String verdict = "within noise";
      if (max(now) < min(before)) {
        verdict = "faster";
      } else if (min(now) > max(before)) {
        verdict = "**slower**";
        slower.add(path[2] + String.format(Locale.ROOT, " (%.2f×)", ratio));
      }
      text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", path[2], spread(now), now.get(0).bytes(),
          spread(before), before.get(0).bytes(), ratio(ratio), verdict));
    }
    target("No changed path slower than in the previous core (every round of this build slower than every round of the previous)",
        slower.isEmpty() ? "none slower" : "slower: " + String.join(", ", slower), slower.isEmpty(),
        "A path slower than before is a regression to find before release: the rows above say which.");
    return text.toString();
  }

  private static final String[][] DIAGNOSTIC_PATHS = {
    {"hop", "a task handed over and run, in a request"},
    {"readMiss", "`getStore()` finding no store"},
    {"queueHandOff", "an element through a `LinkedBlockingQueue`, in a request"},
  };

  String diagnosticsSection() {
    StringBuilder text =
        new StringBuilder("## Diagnostics' cost\n\n")
            .append("`DiagnosticsBenchmark`, ns/op and B/op. *Without diagnostics* is baton-core built from the last\n")
            .append("commit before diagnostics existed, on the boot class path of the same benchmark; *off* is this\n")
            .append("build with every diagnostic off. Context-loss detection needs the agent: its rows run under it,\n")
            .append("beside *off* under the agent.\n\n")
            .append("| path | without diagnostics | off | strict mode | async traces | agent, off | agent, loss detection |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (String[] path : DIAGNOSTIC_PATHS) {
      String method = "DiagnosticsBenchmark." + path[0];
      text.append("| ").append(path[1])
          .append(" | ").append(cell("without-diagnostics", method, "off"))
          .append(" | ").append(cell("", method, "off"))
          .append(" | ").append(cell("", method, "strict"))
          .append(" | ").append(cell("", method, "traces"))
          .append(" | ").append(cell("baton-agent", method, "off"))
          .append(" | ").append(cell("baton-agent", method, "loss-detection"))
          .append(" |\n");
    }
    return text.toString();
  }

  private String cell(String tag, String method, String mode) {
    return results.row(tag, method, "mode", mode).map(row -> row.time() + ", " + row.bytes()).orElse("n/a");
  }
}

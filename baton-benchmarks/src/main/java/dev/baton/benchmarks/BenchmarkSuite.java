package dev.baton.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one command behind {@code baton-benchmarks/run.sh}: runs every benchmark, Baton and its peers
 * side by side, Node 24's micro benchmarks and the HTTP load, and writes {@code
 * docs/BENCHMARKS.md} with its chart.
 *
 * <p>Arguments: {@code --quick} (about ten minutes on two cores), {@code --node PATH} (Node 24's
 * binary; without it Node's rows are left out and said to be), {@code --wrk PATH} (likewise for
 * the HTTP load), {@code --previous-core JAR}, {@code --previous-agent JAR} and {@code
 * --previous-revision REV} (an earlier build to compare the changed paths with), {@code --baseline-core
 * JAR} (a build without diagnostics), {@code --out FILE} (default {@code baton-benchmarks/target/BENCHMARKS.md}), {@code --command TEXT}
 * (the command printed in the report), {@code --report-only} (writes the report again from the
 * figures the last run saved, which it does after each stage, so also of a run that stopped), {@code --only-load} (the HTTP load and the Spring Boot application
 * under load alone). Run from the project's root after the build.
 */
public final class BenchmarkSuite {

  private BenchmarkSuite() {}

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    String node = option(args, "--node", null);
    String wrk = option(args, "--wrk", null);
    Path out = Path.of(option(args, "--out", "baton-benchmarks/target/BENCHMARKS.md"));
    if (List.of(args).contains("--report-only")) {
      if (!Files.isRegularFile(Results.SAVED)) {
        System.err.println(
            "--report-only writes the report again from the figures of the last run, and there are none yet ("
                + Results.SAVED
                + "): run baton-benchmarks/run.sh first");
        System.exit(1);
      }
      new Report(Results.load()).write(out);
      System.out.println("written again from " + Results.SAVED + " to " + out);
      return;
    }
    Paths.requireBuilt();

    Results results = new Results();
    results.machine = Report.machine();
    results.command = option(args, "--command", "baton-benchmarks/run.sh" + (quick ? " --quick" : ""));
    if (List.of(args).contains("--only-load")) {
      results.notMeasured.add("everything but the HTTP load and the Spring Boot application under load (`--only-load`)");
      measureLoad(results, wrk, node, quick);
      results.save();
      new Report(results).write(out);
      System.out.println("written to " + out);
      return;
    }
    Jmh jmh = new Jmh(quick);
    String batonAgent = "-javaagent:" + Paths.BATON_AGENT.toAbsolutePath();
    String ttlAgent = "-javaagent:" + Paths.ttlAgent().toAbsolutePath();
    Stages stages = new Stages(results, Results.SAVED);

    stages.run("the reads, scopes, hops and captures", () -> {
      // With one value current, the value set first is the value set last: read it once
      results.rows.addAll(jmh.run("ReadBenchmark", Map.of("read", "set-last"), List.of(), ""));
      results.rows.addAll(jmh.run("ReadBenchmark", Map.of("read", "set-first", "active", "10"), List.of(), ""));
      results.rows.addAll(
          jmh.run(
              "ScopeBenchmark|HopBenchmark.hop$|CaptureRestoreBenchmark.(baton|transmittableThreadLocal|openTelemetry|micrometer)$",
              Map.of(),
              List.of(),
              ""));
      // Node's snapshot figure is taken inside a store
      results.rows.addAll(jmh.run("HopBenchmark.snapshot", Map.of("storeCurrent", "true"), List.of(), ""));
      results.rows.addAll(jmh.run("CaptureRestoreBenchmark.batonAgent", Map.of(), List.of(batonAgent), "baton-agent"));
    });
    if (scopedValuesBuilt()) {
      stages.run("`ScopedValue`", () -> {
        results.rows.addAll(jmh.run("ScopedValueBenchmark.read", Map.of(), List.of(), ""));
        results.rows.addAll(jmh.run("ScopedValueBenchmark.scope", Map.of("read", "set-last"), List.of(), ""));
      });
    } else {
      results.notMeasured.add("`ScopedValue` (build and run with JDK 25 or later: run.sh does when one is installed)");
    }
    stages.run("end to end", () -> {
      results.rows.addAll(jmh.run("EndToEndBenchmark.(submitAndGet|completableFutureChain)", Map.of(), List.of(), ""));
      results.rows.addAll(jmh.run("EndToEndBenchmark.parallelStream", Map.of("mode", "none"), List.of(), ""));
      results.rows.addAll(jmh.run("EndToEndBenchmark", Map.of("mode", "baton-agent"), List.of(batonAgent), "baton-agent"));
      results.rows.addAll(jmh.run("EndToEndBenchmark", Map.of("mode", "ttl-agent"), List.of(ttlAgent), "ttl-agent"));
    });
    stages.run("each library's agent per task", () -> {
      // Each library's agent in JVMs of its own, alternated round after round so that the machine's
      // drift hits every library alike; the report takes each library's median round
      results.handoffRounds = quick ? 2 : 5;
      for (int round = 1; round <= results.handoffRounds; round++) {
        for (Map.Entry<String, List<String>> library : agents(batonAgent, ttlAgent).entrySet()) {
          results.rows.addAll(
              jmh.run("ExecutorHandoffBenchmark", Map.of("library", library.getKey()), library.getValue(), "round-" + round));
        }
      }
      results.rows.addAll(jmh.run("HandOffCostBenchmark", Map.of(), List.of(), ""));
      results.rows.addAll(jmh.run("HandOffCostBenchmark", Map.of(), List.of(batonAgent), "baton-agent"));
    });

    String previousCore = option(args, "--previous-core", null);
    String previousAgent = option(args, "--previous-agent", null);
    if (previousCore != null && previousAgent != null) {
      stages.run("the previous core against this one", () -> {
        results.previousRevision = option(args, "--previous-revision", "an earlier revision");
        results.previousRounds = quick ? 1 : 3;
        comparePrevious(jmh.brief(), results, batonAgent, previousCore, previousAgent);
      });
    } else {
      results.notMeasured.add("the previous core against this one (`--previous-core`, `--previous-agent`: run.sh builds them from git)");
    }

    String baselineCore = option(args, "--baseline-core", null);
    stages.run("the diagnostics", () -> {
      results.rows.addAll(jmh.run("DiagnosticsBenchmark", Map.of(), List.of(), ""));
      results.rows.addAll(
          jmh.run("DiagnosticsBenchmark", Map.of("mode", "off,loss-detection"), List.of(batonAgent), "baton-agent"));
      if (baselineCore != null) {
        // The older baton-core on the boot class path wins over this build's: the same code paths,
        // without any diagnostics in them
        results.rows.addAll(
            jmh.run(
                "DiagnosticsBenchmark",
                Map.of("mode", "off"),
                List.of("-Xbootclasspath/a:" + Path.of(baselineCore).toAbsolutePath()),
                "without-diagnostics"));
      }
    });
    if (baselineCore == null) {
      results.notMeasured.add("baton-core without diagnostics (`--baseline-core`: run.sh builds it from git)");
    }

    stages.run("the service boundaries", () ->
        results.rows.addAll(jmh.run("GrpcCallBenchmark|KafkaRecordBenchmark|HttpHopBenchmark|BaggageExtractBenchmark", Map.of(), List.of(), "")));

    stages.run("the seed demo's start-up", () -> {
      results.startups = quick ? 5 : 15;
      for (int i = 0; i < results.startups; i++) { // interleaved, so that drift hits every subject alike
        for (Startup.Subject subject : Startup.Subject.values()) {
          results.startupMillis.computeIfAbsent(subject, s -> new ArrayList<>()).add(Startup.millisToFirstResponse(subject));
        }
      }
    });

    if (AppStartup.built()) {
      stages.run("the Spring Boot application's start-up", () -> {
        results.appStartupRounds = quick ? 2 : 5;
        results.appStartups.putAll(AppStartup.measure(results.appStartupRounds));
      });
    } else {
      results.notMeasured.add("the Spring Boot application's start-up (baton-smoke-tests is not built)");
    }

    if (node != null) {
      stages.run("Node 24", () -> {
        results.nodeVersion = NodeMicro.version(node);
        results.node.putAll(NodeMicro.run(node, quick));
      });
    } else {
      results.notMeasured.add("Node 24 (no `--node`: run.sh installs it from the npm registry)");
    }
    stages.run("the HTTP load", () -> measureLoad(results, wrk, node, quick));

    new Report(results).write(out);
    System.out.println("written to " + out + " and " + out.resolveSibling(Report.CHART_FILE));
    if (stages.failed() > 0) {
      System.err.println(stages.failed() + " of the suite's stages failed: the report names them and leaves them out");
      System.exit(1);
    }
  }

  /**
   * The paths the per-task work changed, this build against an earlier one in alternating JVMs,
   * round after round: reading a store, entering one for a call, a wrapper's capture and restore
   * (the earlier baton-core on the boot class path wins over this build's), and the agent per
   * task (each build's own agent, which brings its own baton-core).
   */
  private static void comparePrevious(Jmh brief, Results results, String batonAgent, String previousCore, String previousAgent)
      throws Exception {
    List<String> onPreviousCore = List.of("-Xbootclasspath/a:" + Path.of(previousCore).toAbsolutePath());
    String previousAgentOption = "-javaagent:" + Path.of(previousAgent).toAbsolutePath();
    for (int round = 1; round <= results.previousRounds; round++) {
      for (boolean previous : new boolean[] {false, true}) {
        String tag = (previous ? "previous-" : "this-") + round;
        List<String> core = previous ? onPreviousCore : List.of();
        results.rows.addAll(brief.run("ReadBenchmark.baton$", Map.of("read", "set-last"), core, tag));
        results.rows.addAll(brief.run("ReadBenchmark.baton$", Map.of("read", "set-first", "active", "10"), core, tag));
        results.rows.addAll(brief.run("ScopeBenchmark.baton$|CaptureRestoreBenchmark.baton$", Map.of(), core, tag));
        results.rows.addAll(
            brief.run(
                "ExecutorHandoffBenchmark",
                Map.of("library", "baton"),
                List.of(previous ? previousAgentOption : batonAgent),
                tag));
      }
    }
  }

  /** The HTTP servers and the Spring Boot application under {@code wrk}, each beside its peers. */
  private static void measureLoad(Results results, String wrk, String node, boolean quick)
      throws IOException, InterruptedException {
    if (wrk == null) {
      results.notMeasured.add("the HTTP load (no `--wrk`: `run.sh --install-tools` installs Debian's wrk)");
      return;
    }
    results.requestForks = quick ? 1 : 3;
    results.requestRounds = 3;
    results.requestRuns.putAll(
        HttpLoad.pooled(
            new HttpLoad(wrk, quick ? 5 : 10, results.requestRounds)
                .requestsPerSecond(HttpServers.commands(node), results.requestForks)));
    if (AppStartup.built()) {
      results.appThroughputForks = quick ? 1 : 3;
      results.appThroughputRounds = 3;
      results.appThroughput.putAll(AppStartup.throughput(results.appThroughputForks, results.appThroughputRounds, wrk));
    } else {
      results.notMeasured.add("the Spring Boot application under load (baton-smoke-tests is not built)");
    }
  }

  /** Each library of the per-task benchmark and the options of its JVM: its own agent. */
  private static Map<String, List<String>> agents(String batonAgent, String ttlAgent) {
    Map<String, List<String>> agents = new java.util.LinkedHashMap<>();
    agents.put("none", List.of());
    agents.put("baton", List.of(batonAgent));
    agents.put(
        "opentelemetry",
        List.of(
            "-javaagent:" + Paths.OPENTELEMETRY_AGENT.toAbsolutePath(),
            "-Dotel.traces.exporter=none",
            "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none",
            "-Dotel.javaagent.logging=none"));
    agents.put("transmittable", List.of(ttlAgent));
    return agents;
  }

  private static boolean scopedValuesBuilt() {
    try {
      Class.forName("dev.baton.benchmarks.ScopedValueBenchmark");
      return Runtime.version().feature() >= 25;
    } catch (ClassNotFoundException notBuilt) {
      return false;
    }
  }

  private static String option(String[] args, String name, String otherwise) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return otherwise;
  }

}

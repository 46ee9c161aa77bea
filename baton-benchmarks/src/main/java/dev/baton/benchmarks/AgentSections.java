package dev.baton.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The agent's cost: start-up of the seed demo and of a Spring Boot application, and per hand-off beside the peers' agents. */
final class AgentSections extends ReportSection {

  AgentSections(Results results, List<String> targets, List<String> misses) {
    super(results, targets, misses);
  }

  String agentSection() {
    StringBuilder text = new StringBuilder("## The agent's cost\n\n### Start-up: JVM launch to the first request served\n\n");
    List<Long> plain = results.startupMillis.get(Startup.Subject.NO_AGENT);
    text.append(String.format(Locale.ROOT,
            "The request-id demo (`RequestIdLogger --port 0`) is started %d times in each way below,%n"
                + "interleaved; each time, from launching `java` to the first response received on%n"
                + "loopback. OpenTelemetry's java agent is the peer measured beside it. The last column is%n"
                + "what each adds to the launch without an agent of the same round, the median over the rounds.%n%n",
            results.startups))
        .append("| | median ms | min ms | max ms | median vs. no agent | ms added, round by round |\n|---|---:|---:|---:|---:|---:|\n");
    results.startupMillis.forEach(
        (subject, millis) ->
            text.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %+d |%n", subject.label, median(millis),
                Collections.min(millis), Collections.max(millis), ratio((double) median(millis) / median(plain)),
                median(Startup.addedRoundByRound(millis, plain)))));
    startupTargets(plain);
    text.append(appStartupSection());
    text.append(handoffSection());
    return text.toString();
  }

  private static final String SEED_STARTUP_MISS =
      "Most of what the agent adds to a small program is its `premain`: about 120 ms on JDK 25"
          + " and 60 ms on JDK 17 in a program that only submits two tasks. A fifth of it reads the"
          + " options, starts Baton's core and lists the instrumentations; an eighth reads the class"
          + " files of the loaded classes that may match; an eighth is ASM's classes loading and"
          + " running interpreted for the first class rewritten; a third retransforms `Thread`,"
          + " `VirtualThread` and the fork/join classes. What would close it: Baton's core and its"
          + " per-thread state started lazily, and fewer classes retransformed as the agent starts.";

  /** StartupRounds' subject that shows what any agent with a class file transformer costs: not a peer. */
  private static final String NO_OP_AGENT = "an agent whose transformer changes nothing";

  private static final String APP_STARTUP_MISS =
      "What the agent adds to a Spring Boot application's start-up is spread out, as paired rounds"
          + " with builds that leave parts out show: about 2% is what the JVM costs any agent with a"
          + " transformer (the agent whose transformer changes nothing), nothing measurable is"
          + " Baton's `premain`, its core or its jar on the bootstrap class path, about 2% is ruling"
          + " out the classes no instrumentation applies to (its own thread and the JIT compiling"
          + " it) and about 2% the instrumentations (rewriting the classes they match, lambdas"
          + " included, and reading their supertypes' class files). No single part closes the gap"
          + " by itself; a filter that did less per class would have to do so without giving the"
          + " JIT more to compile.";

  private void startupTargets(List<Long> plain) {
    List<Long> baton = results.startupMillis.get(Startup.Subject.BATON_AGENT);
    if (plain == null || baton == null) {
      return;
    }
    long added = median(Startup.addedRoundByRound(baton, plain));
    target("The seed demo with the agent ≤ 300 ms slower to its first answer than without",
        String.format(Locale.ROOT, "+%d ms", added), added <= 300, SEED_STARTUP_MISS);
    List<String> peers = new ArrayList<>();
    boolean faster = true;
    for (Startup.Subject peer : List.of(Startup.Subject.OPENTELEMETRY_AGENT, Startup.Subject.TTL_AGENT)) {
      List<Long> millis = results.startupMillis.get(peer);
      if (millis != null) {
        long peerAdded = median(Startup.addedRoundByRound(millis, plain));
        peers.add(String.format(Locale.ROOT, "%s +%d ms", peer.label, peerAdded));
        faster &= added < peerAdded;
      }
    }
    target("The seed demo starts faster with Baton's agent than with OpenTelemetry's and TransmittableThreadLocal's",
        String.format(Locale.ROOT, "Baton +%d ms; %s", added, String.join(", ", peers)), faster && !peers.isEmpty());
  }

  /** The median ratio of the CPU time of {@code launches} to the same round's launch without an agent. */
  private static double pairedCpuRatio(List<long[]> launches, List<long[]> plain) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(launches.size(), plain.size()); i++) {
      ratios.add((double) launches.get(i)[1] / plain.get(i)[1]);
    }
    return Results.median(ratios);
  }

  private String appStartupSection() {
    Map<String, List<long[]>> launches = results.appStartups;
    List<long[]> plain = launches.get("without an agent");
    if (plain == null) {
      return "";
    }
    StringBuilder text = new StringBuilder("\n### Start-up of a Spring Boot application\n\n");
    text.append(String.format(Locale.ROOT,
            "baton-smoke-tests' order service (Spring Boot 4: Tomcat, Spring Data JPA on HikariCP and H2,%n"
                + "a Kafka listener on a broker started beside it, `@Async`, `@Scheduled`), launched %d times in%n"
                + "each way below, interleaved: from launching `java` to the first answer of a JPA-backed%n"
                + "endpoint, the wall time and the CPU time the JVM used until then (all its threads: the%n"
                + "JIT's and the collector's included). Median, lowest and highest in brackets; and the CPU%n"
                + "time round by round, each launch against the launch without an agent of its round. The%n"
                + "agent whose transformer changes nothing shows what the JVM costs any agent with one.%n%n",
            results.appStartupRounds))
        .append("| | wall ms | vs. no agent | CPU ms | vs. no agent | CPU round by round |\n|---|---:|---:|---:|---:|---:|\n");
    launches.forEach(
        (subject, figures) ->
            text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", subject,
                launchCell(figures, 0), ratio((double) launchMedian(figures, 0) / launchMedian(plain, 0)),
                launchCell(figures, 1), ratio((double) launchMedian(figures, 1) / launchMedian(plain, 1)),
                ratio(pairedCpuRatio(figures, plain)))));
    List<long[]> baton = launches.get("Baton's agent");
    if (baton != null) {
      double added = pairedCpuRatio(baton, plain) - 1;
      target("A Spring Boot application with the agent ≤ 10% more CPU to its first answer",
          String.format(Locale.ROOT, "+%.0f%%", 100 * added), added <= 0.10, APP_STARTUP_MISS);
      List<String> peers = new ArrayList<>();
      boolean below = true;
      for (Map.Entry<String, List<long[]>> peer : launches.entrySet()) {
        String subject = peer.getKey();
        if (!subject.equals("without an agent") && !subject.equals("Baton's agent") && !subject.equals(NO_OP_AGENT)) {
          double peerAdded = pairedCpuRatio(peer.getValue(), plain) - 1;
          peers.add(String.format(Locale.ROOT, "%s +%.0f%%", peer.getKey(), 100 * peerAdded));
          below &= added < peerAdded;
        }
      }
      target("A Spring Boot application: less CPU to its first answer with Baton's agent than with OpenTelemetry's and TransmittableThreadLocal's",
          String.format(Locale.ROOT, "Baton +%.0f%%; %s", 100 * added, String.join(", ", peers)), below);
    }
    return text.toString();
  }

  private static long launchMedian(List<long[]> figures, int which) {
    List<Long> values = new ArrayList<>();
    figures.forEach(figure -> values.add(figure[which]));
    return median(values);
  }

  private static String launchCell(List<long[]> figures, int which) {
    List<Long> values = new ArrayList<>();
    figures.forEach(figure -> values.add(figure[which]));
    return String.format(Locale.ROOT, "%d [%d, %d]", median(values), Collections.min(values), Collections.max(values));
  }

  private static final String[][] AGENTS = {
    {"none", "no agent (a `ThreadLocal`: the floor)"},
    {"baton", "Baton's agent"},
    {"opentelemetry", "OpenTelemetry's agent"},
    {"transmittable", "TransmittableThreadLocal's agent"},
  };

  private static final String HANDOFF_MISS =
      "Per task the agent looks the thread's state up once on each side, sets the task's own field"
          + " with one compare-and-set at `execute` and clears it with another where the task runs,"
          + " and swaps the context in and out (about 35 ns in all on one thread, `HandOffCostBenchmark`"
          + " below). Under G1 on JDK 17 every reference stored into the long-lived per-thread state"
          + " and every compare-and-set is a full fence; with one worker, what the submitting thread"
          + " and the worker add also changes how often the worker parks and is woken, which is most"
          + " of a task's time here. What would close it: no per-thread state at all on the"
          + " submitting side (the context read where the task object is created), and a frame"
          + " switch that stores nothing into the heap where the context does not change.";

  private static final String LAMBDA_MISS =
      "One lambda submitted again and again is one object pending up to a thousand times at once:"
          + " its field holds a count of the pending runs of one context, which the submitting thread"
          + " increments at each `execute` and the worker decrements at each run. With the two on"
          + " different cores the count's cache line moves from one to the other twice per task; on"
          + " one thread (`HandOffCostBenchmark` below) lambdas and task objects cost alike. What would"
          + " close it: a count split in two, one part written by submitters and one by runners, each"
          + " on its own cache line, meeting with a compare-and-set only when the runners catch up."
          + " Wrapping the repeats is ruled out: executors' `remove()` and `shutdownNow()` rely on the"
          + " task's identity.";

  private String handoffSection() {
    StringBuilder text =
        new StringBuilder("\n### Per task: `ThreadPoolExecutor.execute` then run, each library's agent\n\n")
            .append(String.format(Locale.ROOT,
                "`ExecutorHandoffBenchmark`: batches of 1,000 `execute` calls from inside a value of the library,%n"
                    + "one worker thread, each task reading the value. Each library runs in a JVM started with its own%n"
                    + "agent; the JVMs alternate, %d rounds of each, and each cell is the median round (the%n"
                    + "lowest and highest in brackets). `task-object`: a new object of an application class per%n"
                    + "submission; `lambda`: one lambda submitted again and again.%n%n", results.handoffRounds))
            .append("| | task-object ns/op | added | B/op | lambda ns/op | added | B/op |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|\n");
    Map<String, double[]> added = new java.util.HashMap<>();
    for (String[] agent : AGENTS) {
      text.append("| ").append(agent[1]);
      double[] addedByTask = new double[2];
      int i = 0;
      for (String task : List.of("task-object", "lambda")) {
        List<Jmh.Row> rounds = results.rows("round-", "ExecutorHandoffBenchmark.execute", "library", agent[0], "task", task);
        double median = medianScore(rounds);
        double floor = medianScore(results.rows("round-", "ExecutorHandoffBenchmark.execute", "library", "none", "task", task));
        addedByTask[i++] = median - floor;
        text.append(" | ").append(rounds.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.0f [%.0f, %.0f]", median, min(rounds), max(rounds)))
            .append(" | ").append(agent[0].equals("none") ? "" : String.format(Locale.ROOT, "%+.0f", median - floor))
            .append(" | ").append(rounds.isEmpty() ? "n/a" : rounds.get(0).bytes());
      }
      added.put(agent[0], addedByTask);
      text.append(" |\n");
    }
    String[] tasks = {"a task object", "a lambda"};
    for (int i = 0; i < tasks.length; i++) {
      double baton = added.get("baton")[i];
      target("Baton's agent adds at most 50 ns per `execute` of " + tasks[i],
          String.format(Locale.ROOT, "%+.0f ns", baton), baton <= 50, i == 0 ? HANDOFF_MISS : LAMBDA_MISS);
      double openTelemetry = added.get("opentelemetry")[i];
      double transmittable = added.get("transmittable")[i];
      target("Baton's agent adds less than OpenTelemetry's and TransmittableThreadLocal's, " + tasks[i],
          String.format(Locale.ROOT, "Baton %+.0f ns, OpenTelemetry %+.0f ns, TransmittableThreadLocal %+.0f ns",
              baton, openTelemetry, transmittable),
          baton < openTelemetry && baton < transmittable, i == 0 ? HANDOFF_MISS : LAMBDA_MISS);
    }
    text.append("\n### Per hand-off, on one thread: what the instrumentation itself costs\n\n")
        .append("`HandOffCostBenchmark`: an executor of the application's own that runs each task on the\n")
        .append("calling thread, inside a store; the task reads it. No other thread is involved, so this is the\n")
        .append("submission's capture plus the run's enter and leave, without a worker's wake-ups.\n\n")
        .append("| task | without agent ns/op | B/op | with Baton's agent ns/op | B/op | added ns/op |\n")
        .append("|---|---:|---:|---:|---:|---:|\n");
    for (String task : List.of("task-object", "lambda")) {
      Optional<Jmh.Row> without = results.row("", "HandOffCostBenchmark.execute", "task", task);
      Optional<Jmh.Row> with = results.row("baton-agent", "HandOffCostBenchmark.execute", "task", task);
      if (without.isPresent() && with.isPresent()) {
        text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f |%n", task, without.get().time(),
            without.get().bytes(), with.get().time(), with.get().bytes(), with.get().score - without.get().score));
      }
    }
    return text.toString();
  }
}

package dev.baton.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Writes what one run of the suite measured as Markdown and an SVG chart; nothing is typed by hand. */
final class Report {

  static final String CHART_FILE = "benchmarks-ratios.svg";

  private static final String[][] READERS = {
    {"`ThreadLocal.get()` (floor)", "ReadBenchmark.threadLocal"},
    {"Baton `getStore()`", "ReadBenchmark.baton"},
    {"TransmittableThreadLocal `get()`", "ReadBenchmark.transmittableThreadLocal"},
    {"OpenTelemetry `Context.current().get(key)`", "ReadBenchmark.openTelemetry"},
    {"gRPC `Context.Key.get()`", "ReadBenchmark.grpc"},
    {"`ScopedValue.get()` (JDK 25)", "ScopedValueBenchmark.read"},
  };

  private static final String[][] SCOPES = {
    {"`ThreadLocal` set and restore (floor)", "ScopeBenchmark.threadLocal"},
    {"Baton `run(store, fn)`", "ScopeBenchmark.baton"},
    {"TransmittableThreadLocal set, `remove()`", "ScopeBenchmark.transmittableThreadLocal"},
    {"OpenTelemetry `with(..).makeCurrent()`, `close()`", "ScopeBenchmark.openTelemetry"},
    {"gRPC `withValue(..).run(..)`", "ScopeBenchmark.grpc"},
    {"`ScopedValue.where(..).run(..)` (JDK 25)", "ScopedValueBenchmark.scope"},
    {"gRPC `attach()`, `detach()`", "ScopeBenchmark.grpcAttach"},
  };

  /** The same, with Baton's scope beside its {@code run()}: what the table shows. */
  private static final String[][] SCOPES_SHOWN = {
    SCOPES[0], SCOPES[1], {"Baton `enter(store)`, `close()`", "ScopeBenchmark.batonScope"},
    SCOPES[2], SCOPES[3], SCOPES[4], SCOPES[5], SCOPES[6],
  };

  /** Scopes that are objects to close: Baton's and its peers'. */
  private static final String[][] SCOPE_OBJECTS = {
    SCOPES[0], SCOPES_SHOWN[2], SCOPES[3], SCOPES[6],
  };

  private static final String[][] CARRIERS = {
    {"Baton `ContextExecutors.wrap`", "CaptureRestoreBenchmark.baton"},
    {"TransmittableThreadLocal `TtlRunnable`", "CaptureRestoreBenchmark.transmittableThreadLocal"},
    {"OpenTelemetry `Context.taskWrapping`", "CaptureRestoreBenchmark.openTelemetry"},
    {"Micrometer `ContextSnapshot.wrap`", "CaptureRestoreBenchmark.micrometer"},
  };

  private static final String READ_MISS =
      "`getStore()` is the thread's `ThreadLocal` read (the floor, alone), then the frame's"
          + " reference, one volatile read of the storage's slot, a bounds check, an identity check and"
          + " the store's load: five loads and two branches more than the floor, whatever the position"
          + " of the value. What would close it: a faster way to the thread's own state than a"
          + " `ThreadLocal` (a field of `Thread`, which the JDK gives only to its own `ScopedValue`)."
          + " `ScopedValue` is read from that per-thread cache, which the JIT can hoist, but it cannot"
          + " be entered for the rest of a thread nor carried across executors, which is what Baton's"
          + " frame is for. OpenTelemetry's `Context.current()` is a `ThreadLocal` read too, then a walk"
          + " of its array from the value set first: level with Baton at one value and for the value"
          + " set first, far behind for the value set last.";
  private static final String SCOPE_MISS =
      "Baton's scope allocates the new frame (24 B with one value) and the scope (48 B). The JIT does"
          + " not scalar-replace the scope: try-with-resources also closes it on its exceptional path,"
          + " where `close()` is a cold call, beyond the size the JIT inlines cold (`-XX:+PrintInlining`:"
          + " \"callee is too large\"), so the scope escapes. Closing also checks that the scope is the"
          + " innermost one open on its thread (a per-thread count and number, so that a scope closed"
          + " out of order, or ended by a snapshot's scope around it, changes nothing), where"
          + " OpenTelemetry only compares the current context with the one it attached. What would close"
          + " it: a `close()` small enough for the JIT to inline on the cold path as well, or value"
          + " classes (Valhalla), which need no escape analysis.";

  private static final String RUN_MISS =
      "`run()` builds the new immutable frame (one array, 24 B with one value) and calls a lambda,"
          + " which the floor does not: the lambda is the other 24 B, because the JIT does not inline"
          + " `run()` into the benchmark (`-XX:+PrintInlining`: \"already compiled into a big method\"),"
          + " so the lambda escapes. Installing the new frame in the long-lived per-thread state and"
          + " putting the old one back are two stores of young objects into an old one, each a G1"
          + " card mark behind a fence. No peer is within 1.5× either (their rows above). What would"
          + " close most of it: frames for one or two values built without a copy. Baton's scope needs no"
          + " lambda, but allocates the scope instead (its row, and the scope's targets); the fences are G1's.";
  private static final String HOP_MISS =
      "A hop through a propagating executor does the same work with or without a store current:"
          + " one reference captured, a wrapper allocated, one reference swapped in and back. What"
          + " separates the two figures is the task's own read and this machine's noise; Node's"
          + " figure is the same kind of difference, taken from loops of `await` and `setImmediate`.";
  private static final String HTTP_MISS =
      "Each request crosses two instrumented hand-offs (the server's dispatcher onto the loop,"
          + " then `setImmediate`), each a capture and a run that enters and leaves it (the JDK's own"
          + " `sun.*` exchange tasks are not instrumented, so they are wrapped). What would close it:"
          + " the per-task cost above, and instrumenting the JDK's HTTP server tasks so that they are"
          + " not wrapped.";

  private static final String NETTY_MISS =
      "Baton's own work per request on Netty is one hand-off, the task handed to the channel's event"
          + " loop: its capture at `execute` and its run's enter and leave, about 40 ns on one thread"
          + " (`HandOffCostBenchmark`), well under 1% of a request at 130,000 requests/s. The rest is"
          + " what the instrumentation does to Netty's compiled hot paths: advice inlined into every"
          + " executor's `execute` and every task's `run`, including the event loop's own internal"
          + " tasks, changes the JIT's inlining there; and the runs without the agent spread over"
          + " more than the gap (see the brackets). What would close it: leaving Netty's internal"
          + " tasks, which carry no context of their own, uninstrumented.";

  private final Results results;
  private final List<String> targets = new ArrayList<>();
  private final List<String> misses = new ArrayList<>();

  Report(Results results) {
    this.results = results;
  }

  /** Writes the document and its chart next to it. */
  void write(Path markdown) throws IOException {
    String text = document();
    Path folder = markdown.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Files.writeString(markdown, text);
    Files.writeString(folder.resolve(CHART_FILE), Chart.svg("Baton against each peer: the peer's time / Baton's (above 1×: Baton is faster)", bars()));
  }

  String document() {
    String read = readSection();
    String scope = scopeSection();
    String carry = carrySection();
    String endToEnd = endToEndSection();
    String node = nodeSection();
    String http = httpSection() + "\n" + appThroughputSection();
    String agent = agentSection();
    String previous = previousSection();
    String diagnostics = diagnosticsSection();
    String services = servicesSection();
    StringBuilder text = new StringBuilder();
    text.append("# Benchmarks\n\n")
        .append("Generated by `baton-benchmarks/run.sh`; every figure is what that run measured on the machine\n")
        .append("below, all peers side by side in the same run. These machines are noisy: read the ratios\n")
        .append("between rows of one table rather than absolute figures across runs. JMH figures are\n")
        .append("average time per operation ± the 99.9% confidence interval, and bytes allocated per\n")
        .append("operation from `-prof gc`.\n\n")
        .append("```sh\n").append(results.command).append("\n```\n\n")
        .append("## Machine\n\n").append(results.machine != null ? results.machine : machine()).append('\n')
        .append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
    targets.forEach(target -> text.append(target).append('\n'));
    text.append('\n');
    if (!misses.isEmpty()) {
      text.append("Where a target is missed, why, and what would close it:\n\n");
      misses.forEach(miss -> text.append("- ").append(miss).append('\n'));
      text.append('\n');
    }
    if (!results.notMeasured.isEmpty()) {
      text.append("Not measured in this run: ").append(String.join("; ", results.notMeasured)).append(".\n\n");
    }
    List<String> wide = new ArrayList<>();
    int rounds = 0;
    int wideRounds = 0;
    for (Jmh.Row row : results.rows) {
      boolean wideRow = row.error > row.score / 4;
      if (isRound(row)) {
        rounds++;
        wideRounds += wideRow ? 1 : 0;
      } else if (wideRow) {
        wide.add("`" + row.benchmark + "` " + row.params + (row.tag.isEmpty() ? "" : " (" + row.tag + ")")
            + String.format(Locale.ROOT, " %.1f ± %.1f", row.score, row.error));
      }
    }
    text.append(wide.isEmpty()
        ? "Every JMH row's error is within a quarter of its value.\n\n"
        : "Rows whose error exceeds a quarter of their value (read them as rough): " + String.join("; ", wide) + ".\n\n");
    text.append(String.format(Locale.ROOT,
        "The comparisons run in alternating JVMs (each agent per task, this build against the previous one)%n"
            + "are read from the spread of their rounds, which their tables give as the lowest and highest%n"
            + "round beside the median: %d of their %d trials have an error above a quarter of their value.%n%n",
        wideRounds, rounds));
    text.append("![ratios](").append(CHART_FILE).append(")\n\n");
    Stream.of(read, scope, carry, endToEnd, node, http, agent, previous, diagnostics, services).forEach(section -> text.append(section).append('\n'));
    return text.toString();
  }

  private static final List<Column> READ_COLUMNS =
      List.of(
          new Column("1 active", "active", "1", "read", "set-last"),
          new Column("10 active, the value set last", "active", "10", "read", "set-last"),
          new Column("10 active, the value set first", "active", "10", "read", "set-first"));

  private String readSection() {
    StringBuilder text = new StringBuilder("## Read the current value\n\n");
    text.append("With 1 or 10 values current, the value set last (which code reads most: the request inside\n")
        .append("the tenant inside the trace) and the one set first (`ReadBenchmark`,\n")
        .append("`ScopedValueBenchmark.read`; a `ScopedValue` is read in batches of 1,000 inside one binding).\n\n");
    text.append(comparisonTable(READERS, READ_COLUMNS, "ReadBenchmark.threadLocal"));
    for (Column column : READ_COLUMNS) {
      double ratio = score("ReadBenchmark.baton", column.params) / score("ReadBenchmark.threadLocal", column.params);
      target("`getStore()` within 1.3× of `ThreadLocal.get()`, " + column.heading, ratio(ratio) + " of the floor", ratio <= 1.3, READ_MISS);
      fasterThanPeers("`getStore()` faster than every JVM peer, " + column.heading, READERS, "ReadBenchmark.baton", column.params, READ_MISS);
    }
    return text.toString();
  }

  private static final List<Column> SCOPE_COLUMNS =
      List.of(new Column("1 active", "active", "1"), new Column("10 active", "active", "10"));

  private String scopeSection() {
    StringBuilder text = new StringBuilder("## Enter a value for a call\n\n");
    text.append("One value entered around a call that reads it, with the other 0 or 9 values already current\n")
        .append("(`ScopeBenchmark`, `ScopedValueBenchmark.scope`).\n\n");
    text.append(comparisonTable(SCOPES_SHOWN, SCOPE_COLUMNS, "ScopeBenchmark.threadLocal"));
    for (Column column : SCOPE_COLUMNS) {
      double ratio = score("ScopeBenchmark.baton", column.params) / score("ScopeBenchmark.threadLocal", column.params);
      target("`run()` within 1.5× of a `ThreadLocal` set and restore, " + column.heading, ratio(ratio) + " of the floor", ratio <= 1.5, RUN_MISS);
      fasterThanPeers("`run()` faster than every JVM peer, " + column.heading, SCOPES, "ScopeBenchmark.baton", column.params, RUN_MISS);
    }
    String[] one = SCOPE_COLUMNS.get(0).params;
    fasterThanPeers(
        "The scope, 1 active, no slower than OpenTelemetry's `makeCurrent()` and gRPC's `attach()`",
        SCOPE_OBJECTS, "ScopeBenchmark.batonScope", one, SCOPE_MISS);
    double bytes = results.row("", "ScopeBenchmark.batonScope", one).map(row -> row.bytesPerOp).orElse(Double.NaN);
    target("The scope, 1 active: at most one allocation",
        String.format(Locale.ROOT, "%.0f B per scope (the frame is 24 B)", bytes), bytes <= 32, SCOPE_MISS);
    return text.toString();
  }

  private String carrySection() {
    StringBuilder text = new StringBuilder("## Capture and restore per task\n\n");
    text.append("What a pool pays per task: each library's task wrapper captures at submission, enters\n")
        .append("around the run and restores after, on the calling thread so that only propagation is\n")
        .append("measured; 1, 10 or 50 values current (`CaptureRestoreBenchmark`).\n\n")
        .append("| | 1 value ns/op | B/op | 10 values ns/op | B/op | 50 values ns/op | B/op | vs. Baton at 10 |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    double baton10 = score("CaptureRestoreBenchmark.baton", "values", "10");
    for (String[] carrier : CARRIERS) {
      carrierRow(text, carrier[0], "", carrier[1], baton10);
      if (carrier[1].equals("CaptureRestoreBenchmark.baton")) {
        carrierRow(text, "Baton agent (a plain executor, instrumented)", "baton-agent", "CaptureRestoreBenchmark.batonAgent", baton10);
      }
    }
    double flat = score("CaptureRestoreBenchmark.baton", "values", "50") / score("CaptureRestoreBenchmark.baton", "values", "1");
    target("Capture and restore flat from 1 to 50 values", "50 values take " + ratio(flat) + " the time of 1", flat <= 1.25);
    double bytes = results.row("", "CaptureRestoreBenchmark.baton", "values", "50").map(row -> row.bytesPerOp).orElse(Double.NaN);
    target("Capture and restore: at most one allocation", String.format(Locale.ROOT, "%.0f B per task (Baton's wrapper object is 24 B)", bytes), bytes <= 32);
    double ttl = score("CaptureRestoreBenchmark.transmittableThreadLocal", "values", "10") / baton10;
    target("Capture and restore ≥ 3× cheaper than TransmittableThreadLocal at 10 values", ratio(ttl) + " cheaper", ttl >= 3);
    return text.toString();
  }

  private void carrierRow(StringBuilder text, String label, String tag, String benchmark, double baton10) {
    text.append("| ").append(label);
    for (String values : List.of("1", "10", "50")) {
      Optional<Jmh.Row> row = results.row(tag, benchmark, "values", values);
      text.append(" | ").append(row.map(Jmh.Row::time).orElse("n/a")).append(" | ").append(row.map(Jmh.Row::bytes).orElse("n/a"));
    }
    double at10 = results.row(tag, benchmark, "values", "10").map(row -> row.score).orElse(Double.NaN);
    text.append(" | ").append(ratio(at10 / baton10)).append(" |\n");
  }

  private String endToEndSection() {
    StringBuilder text = new StringBuilder("## End to end\n\n");
    text.append("Each task reads the carried value (`EndToEndBenchmark`): an executor's `submit` and `get` on a\n")
        .append("pool of two threads, a chain of ten `*Async` stages on that pool, a parallel stream of 1,000\n")
        .append("elements on the common pool. Wrappers cannot reach a parallel stream; agents can.\n\n")
        .append("| | submit and get µs/op | B/op | 10-stage chain µs/op | B/op | parallel stream µs/op | B/op |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|\n");
    String[][] modes = {
      {"no propagation (floor)", "", "none"},
      {"Baton, wrapper", "", "baton-wrapper"},
      {"Baton, agent", "baton-agent", "baton-agent"},
      {"TransmittableThreadLocal, wrapper", "", "ttl-wrapper"},
      {"TransmittableThreadLocal, agent", "ttl-agent", "ttl-agent"},
      {"OpenTelemetry, wrapper", "", "opentelemetry-wrapper"},
    };
    for (String[] mode : modes) {
      text.append("| ").append(mode[0]);
      for (String method : List.of("submitAndGet", "completableFutureChain", "parallelStream")) {
        Optional<Jmh.Row> row = results.row(mode[1], "EndToEndBenchmark." + method, "mode", mode[2]);
        text.append(" | ").append(row.map(Jmh.Row::time).orElse("—")).append(" | ").append(row.map(Jmh.Row::bytes).orElse("—"));
      }
      text.append(" |\n");
    }
    return text.toString();
  }

  private String nodeSection() {
    StringBuilder text = new StringBuilder("## Node 24, side by side\n\n");
    if (results.node.isEmpty()) {
      return text.append("Not measured in this run (see above).\n").toString();
    }
    text.append("Node ").append(results.nodeVersion)
        .append(" runs `baton-benchmarks/node/micro.mjs` on the same machine in the same run: each figure is\n")
        .append("the median of timed loops. Baton's equivalents are JMH figures from the tables above and\n")
        .append("`HopBenchmark`. A hop is one hand-off (an `await` or a `setImmediate` in Node; a task through\n")
        .append("a propagating executor in Baton); what propagation adds per hop is the figure with a store\n")
        .append("minus the one without.\n\n")
        .append("| operation | Node 24 ns/op | Baton ns/op | Node / Baton |\n|---|---:|---:|---:|\n");
    double batonHopWithout = score("HopBenchmark.hop", "storeCurrent", "false");
    double batonHopWith = score("HopBenchmark.hop", "storeCurrent", "true");
    double batonHopAdds = batonHopWith - batonHopWithout;
    Object[][] rows = {
      {"`getStore()`, 1 active", "getStore/1", score("ReadBenchmark.baton", "active", "1", "read", "set-last"), 3.0},
      {"`getStore()`, 10 active", "getStore/10", score("ReadBenchmark.baton", "active", "10", "read", "set-last"), 3.0},
      {"`run()`, 1 active", "run/1", score("ScopeBenchmark.baton", "active", "1"), 20.0},
      {"`run()`, 10 active", "run/10", score("ScopeBenchmark.baton", "active", "10"), 20.0},
      {"`snapshot()` then run in it", "snapshot", score("HopBenchmark.snapshot", "storeCurrent", "true"), 20.0},
    };
    for (Object[] row : rows) {
      double node = results.node.getOrDefault((String) row[1], Double.NaN);
      double baton = (double) row[2];
      double times = node / baton;
      text.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %s |%n", row[0], node, baton, ratio(times)));
      target(String.format(Locale.ROOT, "%s ≥ %.0f× faster than Node 24", row[0], (double) row[3]), ratio(times) + " faster", times >= (double) row[3],
          ((String) row[1]).startsWith("getStore") ? READ_MISS : RUN_MISS);
    }
    double awaitAdds = results.node.getOrDefault("await/store", Double.NaN) - results.node.getOrDefault("await/no-store", Double.NaN);
    double immediateAdds = results.node.getOrDefault("setImmediate/store", Double.NaN) - results.node.getOrDefault("setImmediate/no-store", Double.NaN);
    text.append(String.format(Locale.ROOT, "| one `await` without / with a store | %.1f / %.1f | | |%n",
            results.node.getOrDefault("await/no-store", Double.NaN), results.node.getOrDefault("await/store", Double.NaN)))
        .append(String.format(Locale.ROOT, "| one `setImmediate` without / with a store | %.1f / %.1f | | |%n",
            results.node.getOrDefault("setImmediate/no-store", Double.NaN), results.node.getOrDefault("setImmediate/store", Double.NaN)))
        .append(String.format(Locale.ROOT, "| one propagating hop without / with a store | | %.1f / %.1f | |%n",
            batonHopWithout, batonHopWith))
        .append(String.format(Locale.ROOT, "| what a store adds per hop | await %.1f, setImmediate %.1f | %.1f | |%n",
            awaitAdds, immediateAdds, batonHopAdds));
    double nodeAdds = Math.max(0, Math.min(awaitAdds, immediateAdds));
    target("Propagation per hop adds no more than Node's", String.format(Locale.ROOT, "Baton %.1f ns, Node %.1f ns (await) and %.1f ns (setImmediate)", batonHopAdds, awaitAdds, immediateAdds),
        batonHopAdds <= Math.max(nodeAdds, 1.0), HOP_MISS);
    return text.toString();
  }

  private String httpSection() {
    StringBuilder text = new StringBuilder("## The seed's HTTP server under load\n\n");
    if (results.requestRuns.isEmpty()) {
      return text.append("Not measured in this run (see above).\n").toString();
    }
    Map<String, Double> rates = results.requestsPerSecond();
    text.append(String.format(Locale.ROOT,
            "`wrk -t1 -c32` on loopback; all servers up at once, each warmed up, then %d rounds of one%n"
                + "bounded run per server, in turn; the median per server, the lowest and highest run in%n"
                + "brackets. The servers log two lines per request to a discarded stdout, as the seed does,%n"
                + "and serve on one event-loop thread, as Node does: the JDK's `HttpServer` is%n"
                + "`RequestIdLogger --port 0`, Netty is `NettyRequestIdLogger --port 0` (Netty 4.2, NIO, the%n"
                + "hop a task on the channel's event loop); Node runs the seed's own code%n"
                + "(`baton-benchmarks/node/server.mjs`). Without the agent the Java servers still enter the%n"
                + "request id, but it does not follow the hop. OpenTelemetry's agent on Netty is the peer on%n"
                + "the same server: it propagates its own context across the same hop, and traces each request.%n%n",
            results.requestRounds))
        .append("| server | requests/s | vs. the same server without context tracking |\n|---|---:|---:|\n");
    results.requestRuns.forEach(
        (server, runs) -> {
          double without = rates.getOrDefault(HttpServers.WITHOUT_TRACKING.getOrDefault(server, server), Double.NaN);
          text.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", server, rateCell(runs), ratio(rates.get(server) / without)));
        });
    double node = rates.getOrDefault(HttpServers.NODE_ALS, Double.NaN);
    double nodePlain = rates.getOrDefault(HttpServers.NODE_PLAIN, Double.NaN);
    double plain = rates.getOrDefault(HttpServers.JAVA_PLAIN, Double.NaN);
    double agent = rates.getOrDefault(HttpServers.JAVA_AGENT, Double.NaN);
    double nettyPlain = rates.getOrDefault(HttpServers.NETTY_PLAIN, Double.NaN);
    double nettyAgent = rates.getOrDefault(HttpServers.NETTY_AGENT, Double.NaN);
    target("HTTP on Netty with the agent ≥ 97% of the same server without context tracking", String.format(Locale.ROOT, "%.1f%% (Node 24: AsyncLocalStorage %.1f%% of without)", 100 * nettyAgent / nettyPlain, 100 * node / nodePlain), nettyAgent / nettyPlain >= 0.97, NETTY_MISS);
    double nettyOpenTelemetry = rates.getOrDefault(HttpServers.NETTY_OPENTELEMETRY, Double.NaN);
    if (!Double.isNaN(nettyOpenTelemetry)) {
      target("HTTP on Netty faster with Baton's agent than with OpenTelemetry's", String.format(Locale.ROOT, "%.0f vs. %.0f requests/s (%s)", nettyAgent, nettyOpenTelemetry, ratio(nettyAgent / nettyOpenTelemetry)), nettyAgent > nettyOpenTelemetry);
    }
    target("HTTP on Netty with the agent ahead of Node 24 running the seed's server", String.format(Locale.ROOT, "%.0f vs. %.0f requests/s (%s)", nettyAgent, node, ratio(nettyAgent / node)), nettyAgent > node,
        "Without the agent Netty's figure against Node's says how much of the gap is the server itself; the agent's share is the target above.");
    target("HTTP on the JDK's `HttpServer` with the agent ≥ 97% of the same server without context tracking", String.format(Locale.ROOT, "%.1f%%", 100 * agent / plain), agent / plain >= 0.97, HTTP_MISS);
    target("HTTP on the JDK's `HttpServer` with the agent ahead of Node 24 running the seed's server", String.format(Locale.ROOT, "%.0f vs. %.0f requests/s (%s)", agent, node, ratio(agent / node)), agent > node,
        plain < node
            ? "The JDK's `com.sun.net.httpserver` is a simple server, against Node's `http` module; the"
                + " gap is there without the agent too. Netty, above, is the server to compare."
            : "Without the agent the Java server is ahead of Node; the agent's cost per request (above)"
                + " is what puts it behind, and closing that closes this.");
    return text.toString();
  }

  private String appThroughputSection() {
    Map<String, List<Double>> runs = results.appThroughput;
    List<Double> plain = runs.get("without an agent");
    StringBuilder text = new StringBuilder("## A Spring Boot application under load\n\n");
    if (plain == null) {
      return text.append("Not measured in this run (see above).\n").toString();
    }
    text.append(String.format(Locale.ROOT,
            "baton-smoke-tests' order service (Spring Boot 4: Tomcat, a filter that serves each request in%n"
                + "its own request id, Spring MVC, Logback, Spring Data JPA on HikariCP and H2, a Kafka listener%n"
                + "on a broker started beside it), once without an agent and once with each agent, all up at%n"
                + "once; `wrk -t1 -c32` on loopback, each warmed up twice 20 s, then %d rounds of one 10 s run%n"
                + "per application, in turn. Half the requests read the orders through JPA (`GET%n"
                + "/orders/count`), half log a line in their request's id (`GET /prices/n`). The median per%n"
                + "application, the lowest and highest run in brackets (`ThroughputRounds`).%n%n",
            results.appThroughputRounds))
        .append("| | requests/s | vs. no agent |\n|---|---:|---:|\n");
    double base = Results.median(plain);
    runs.forEach(
        (subject, rates) ->
            text.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", subject, rateCell(rates), ratio(Results.median(rates) / base))));
    List<Double> baton = runs.get("Baton's agent");
    List<Double> openTelemetry = runs.get("OpenTelemetry's agent, exporters off");
    if (baton != null) {
      double share = Results.median(baton) / base;
      target("A Spring Boot application under load with the agent ≥ 97% of its throughput without",
          String.format(Locale.ROOT, "%.1f%%", 100 * share), share >= 0.97, APP_LOAD_MISS);
      if (openTelemetry != null) {
        target("A Spring Boot application under load faster with Baton's agent than with OpenTelemetry's",
            String.format(Locale.ROOT, "%.1f%% vs. %.1f%% of without", 100 * share, 100 * Results.median(openTelemetry) / base),
            Results.median(baton) > Results.median(openTelemetry));
      }
    }
    return text.toString();
  }

  private static final String APP_LOAD_MISS =
      "Per request the application makes a few hand-offs Baton instruments (Tomcat's worker pool,"
          + " HikariCP's and Kafka's executors when they are used), each about 40 ns, against about"
          + " 40 µs of CPU per request: the measured gap is larger than that work, and within the"
          + " spread of the runs without the agent (see the brackets). Like Netty's, it is the advice"
          + " inlined into every executor's and task's compiled code; what would close it is the"
          + " same: leaving the internal tasks of the server and the pools uninstrumented.";

  /** A median of runs, with the lowest and highest in brackets. */
  private static String rateCell(List<Double> runs) {
    return String.format(Locale.ROOT, "%.0f [%.0f, %.0f]", Results.median(runs), Collections.min(runs), Collections.max(runs));
  }

  private String agentSection() {
    StringBuilder text = new StringBuilder("## The agent's cost\n\n### Start-up: JVM launch to the first request served\n\n");
    List<Long> plain = results.startupMillis.get(Startup.Subject.NO_AGENT);
    text.append(String.format(Locale.ROOT,
            "The request-id demo (`RequestIdLogger --port 0`) is started %d times in each way below,%n"
                + "interleaved; each time, from launching `java` to the first response received on%n"
                + "loopback. OpenTelemetry's java agent is the peer measured beside it.%n%n", results.startups))
        .append("| | median ms | min ms | max ms | median vs. no agent |\n|---|---:|---:|---:|---:|\n");
    results.startupMillis.forEach(
        (subject, millis) ->
            text.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s |%n", subject.label, median(millis),
                Collections.min(millis), Collections.max(millis), ratio((double) median(millis) / median(plain)))));
    startupTargets(plain);
    text.append(appStartupSection());
    text.append(handoffSection());
    return text.toString();
  }

  private static final String SEED_STARTUP_MISS =
      "Most of what the agent adds to a small program is ByteBuddy starting: a minimal ByteBuddy"
          + " agent that retransforms `Thread` alone adds about 0.35 s there on this machine (class"
          + " loading of ByteBuddy, and the class ByteBuddy generates for its own transformer)."
          + " What would close it: instrumentation written without ByteBuddy on the start-up path"
          + " (the JDK's class-file API or ASM directly), or a class-data-sharing archive of the agent.";

  private static final String APP_STARTUP_MISS =
      "What the agent still adds to a Spring Boot application's start-up is the rewriting of the"
          + " classes it instruments (every Runnable, Callable, executor and thread class loaded) and"
          + " ByteBuddy's own start-up; classes it does not instrument cost one look at their name"
          + " and class file header. What would close it: rewriting task classes with plain ASM"
          + " instead of ByteBuddy's Advice, and starting ByteBuddy beside the application's main.";

  private void startupTargets(List<Long> plain) {
    List<Long> baton = results.startupMillis.get(Startup.Subject.BATON_AGENT);
    if (plain == null || baton == null) {
      return;
    }
    long added = median(baton) - median(plain);
    target("The seed demo with the agent ≤ 300 ms slower to its first answer than without",
        String.format(Locale.ROOT, "+%d ms", added), added <= 300, SEED_STARTUP_MISS);
    List<String> peers = new ArrayList<>();
    boolean faster = true;
    for (Startup.Subject peer : List.of(Startup.Subject.OPENTELEMETRY_AGENT, Startup.Subject.TTL_AGENT)) {
      List<Long> millis = results.startupMillis.get(peer);
      if (millis != null) {
        long peerAdded = median(millis) - median(plain);
        peers.add(String.format(Locale.ROOT, "%s +%d ms", peer.label, peerAdded));
        faster &= added < peerAdded;
      }
    }
    target("The seed demo starts faster with Baton's agent than with OpenTelemetry's and TransmittableThreadLocal's",
        String.format(Locale.ROOT, "Baton +%d ms; %s", added, String.join(", ", peers)), faster && !peers.isEmpty());
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
                + "JIT's and the collector's included). Median, lowest and highest in brackets.%n%n",
            results.appStartupRounds))
        .append("| | wall ms | vs. no agent | CPU ms | vs. no agent |\n|---|---:|---:|---:|---:|\n");
    launches.forEach(
        (subject, figures) ->
            text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", subject,
                launchCell(figures, 0), ratio((double) launchMedian(figures, 0) / launchMedian(plain, 0)),
                launchCell(figures, 1), ratio((double) launchMedian(figures, 1) / launchMedian(plain, 1)))));
    List<long[]> baton = launches.get("Baton's agent");
    if (baton != null) {
      double added = (double) launchMedian(baton, 1) / launchMedian(plain, 1) - 1;
      target("A Spring Boot application with the agent ≤ 10% more CPU to its first answer",
          String.format(Locale.ROOT, "+%.0f%%", 100 * added), added <= 0.10, APP_STARTUP_MISS);
      List<String> peers = new ArrayList<>();
      boolean below = true;
      for (Map.Entry<String, List<long[]>> peer : launches.entrySet()) {
        if (!peer.getKey().equals("without an agent") && !peer.getKey().equals("Baton's agent")) {
          double peerAdded = (double) launchMedian(peer.getValue(), 1) / launchMedian(plain, 1) - 1;
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

  private String previousSection() {
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

  /** Whether {@code row} is one round of a comparison in alternating JVMs. */
  private static boolean isRound(Jmh.Row row) {
    return row.tag.startsWith("round-") || row.tag.startsWith("this-") || row.tag.startsWith("previous-");
  }

  private static String spread(List<Jmh.Row> rounds) {
    return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", medianScore(rounds), min(rounds), max(rounds));
  }

  private static double min(List<Jmh.Row> rounds) {
    return rounds.stream().mapToDouble(row -> row.score).min().orElse(Double.NaN);
  }

  private static double max(List<Jmh.Row> rounds) {
    return rounds.stream().mapToDouble(row -> row.score).max().orElse(Double.NaN);
  }

  private static double medianScore(List<Jmh.Row> rows) {
    if (rows.isEmpty()) {
      return Double.NaN;
    }
    double[] scores = rows.stream().mapToDouble(row -> row.score).sorted().toArray();
    int middle = scores.length / 2;
    return scores.length % 2 == 1 ? scores[middle] : (scores[middle - 1] + scores[middle]) / 2;
  }

  private static final String[][] DIAGNOSTIC_PATHS = {
    {"hop", "a task handed over and run, in a request"},
    {"readMiss", "`getStore()` finding no store"},
    {"queueHandOff", "an element through a `LinkedBlockingQueue`, in a request"},
  };

  private String diagnosticsSection() {
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

  private String servicesSection() {
    StringBuilder text =
        new StringBuilder("## Across services\n\n")
            .append("What `ContextPropagation` adds to a hop between services, one store carried (a request id),\n")
            .append("beside the same hop without Baton. `GrpcCallBenchmark`: a blocking unary call, µs/call, with no\n")
            .append("interceptor and with Baton's on both sides (the id sent in `baggage`, the handler run in it, the\n")
            .append("response delivered in the caller's context), over loopback (grpc-java's Netty transport, as\n")
            .append("deployed; its thread wake-ups make it noisy here) and in process (the interceptors' own work).\n")
            .append("`KafkaRecordBenchmark`, ns/record: a send to Kafka's `MockProducer` with a callback (serialization\n")
            .append("and callback included, the broker round trip, which propagation does not change, left out), plain\n")
            .append("and through `KafkaPropagation.wrap`; and the handling of one received record, plain and with\n")
            .append("`forEachInContext`.\n\n")
            .append("| hop | without Baton | with Baton | added | B/op without | B/op with |\n|---|---:|---:|---:|---:|---:|\n");
    String[][] hops = {
      {"gRPC unary call, loopback (µs)", "GrpcCallBenchmark.unaryCall", "transport", "netty"},
      {"gRPC unary call, in process (µs)", "GrpcCallBenchmark.unaryCall", "transport", "in-process"},
      {"Kafka send, per record (ns)", "KafkaRecordBenchmark.send"},
      {"Kafka consume, per record (ns)", "KafkaRecordBenchmark.consume"},
    };
    for (String[] hop : hops) {
      Optional<Jmh.Row> without = results.row("", hop[1], params(hop, "none"));
      Optional<Jmh.Row> with = results.row("", hop[1], params(hop, "baton"));
      String added =
          without.isPresent() && with.isPresent()
              ? String.format(Locale.ROOT, "%+.1f", with.get().score - without.get().score)
              : "n/a";
      text.append("| ").append(hop[0])
          .append(" | ").append(without.map(Jmh.Row::time).orElse("n/a"))
          .append(" | ").append(with.map(Jmh.Row::time).orElse("n/a"))
          .append(" | ").append(added)
          .append(" | ").append(without.map(Jmh.Row::bytes).orElse("n/a"))
          .append(" | ").append(with.map(Jmh.Row::bytes).orElse("n/a"))
          .append(" |\n");
    }
    return text.append('\n').append(httpHopSection()).append(hostileHeadersSection()).toString();
  }

  private String httpHopSection() {
    StringBuilder text =
        new StringBuilder("### An HTTP hop: the filter and a client interceptor\n\n")
            .append("`HttpHopBenchmark`, ns and B per request, both ends of one hop carrying a request id, without\n")
            .append("the transport: the client's work (the caller's stores written as a `baggage` header), then the\n")
            .append("server's (the header read, the handler run in what it carried, the thread's own context back),\n")
            .append("beside OpenTelemetry's `W3CBaggagePropagator` doing the same with its `Baggage` and `Context`,\n")
            .append("and the handler with no propagation at all.\n\n")
            .append("| per request | ns | B | against OpenTelemetry |\n|---|---:|---:|---:|\n");
    Optional<Jmh.Row> openTelemetry = results.row("", "HttpHopBenchmark.openTelemetryHop");
    String[][] rows = {
      {"no propagation (the handler alone)", "HttpHopBenchmark.withoutPropagation"},
      {"Baton", "HttpHopBenchmark.batonHop"},
      {"OpenTelemetry", "HttpHopBenchmark.openTelemetryHop"},
    };
    for (String[] row : rows) {
      Optional<Jmh.Row> measured = results.row("", row[1]);
      String against =
          measured.isPresent() && openTelemetry.isPresent() && !row[0].startsWith("no ")
              ? ratio(measured.get().score / openTelemetry.get().score) + " the time"
              : "";
      text.append("| ").append(row[0])
          .append(" | ").append(measured.map(Jmh.Row::time).orElse("n/a"))
          .append(" | ").append(measured.map(Jmh.Row::bytes).orElse("n/a"))
          .append(" | ").append(against)
          .append(" |\n");
    }
    return text.append('\n').toString();
  }

  private String hostileHeadersSection() {
    StringBuilder text =
        new StringBuilder("### Incoming headers of any size\n\n")
            .append("`BaggageExtractBenchmark`, µs and B per `extract` of one `baggage` header, Baton's beside\n")
            .append("OpenTelemetry's `W3CBaggagePropagator`: *members* is small entries after a request id,\n")
            .append("*commas* nothing but commas. A peer chooses the header; reading stops at the W3C limits\n")
            .append("(64 members, 8192 bytes). OpenTelemetry reads nothing of a header over 8192 bytes; Baton reads\n")
            .append("the members that fit in them.\n\n")
            .append("| header | Baton µs | Baton B | OpenTelemetry µs | OpenTelemetry B |\n|---|---:|---:|---:|---:|\n");
    double worstTime = 0;
    double worstBytes = 0;
    for (String shape : List.of("members", "commas")) {
      Optional<Jmh.Row> limit = results.row("", "BaggageExtractBenchmark.baton", "size", "8KB", "shape", shape);
      for (String size : List.of("1KB", "8KB", "1MB", "10MB")) {
        Optional<Jmh.Row> baton = results.row("", "BaggageExtractBenchmark.baton", "size", size, "shape", shape);
        Optional<Jmh.Row> openTelemetry =
            results.row("", "BaggageExtractBenchmark.openTelemetry", "size", size, "shape", shape);
        text.append("| ").append(size).append(' ').append(shape)
            .append(" | ").append(baton.map(Jmh.Row::time).orElse("n/a"))
            .append(" | ").append(baton.map(Jmh.Row::bytes).orElse("n/a"))
            .append(" | ").append(openTelemetry.map(Jmh.Row::time).orElse("n/a"))
            .append(" | ").append(openTelemetry.map(Jmh.Row::bytes).orElse("n/a"))
            .append(" |\n");
        if (baton.isPresent() && limit.isPresent()) {
          worstTime = Math.max(worstTime, baton.get().score / limit.get().score);
          worstBytes = Math.max(worstBytes, baton.get().bytesPerOp / Math.max(1, limit.get().bytesPerOp));
        } else {
          worstTime = Double.NaN;
        }
      }
    }
    target(
        "Any incoming header costs at most 2× one of 8 KB, in time and allocation",
        "at most " + ratio(worstTime) + " the time, " + ratio(worstBytes) + " the bytes",
        worstTime <= 2 && worstBytes <= 2);
    return text.toString();
  }

  /** The JMH parameters of one side of a hop: the propagation, and the hop's own, if any. */
  private static String[] params(String[] hop, String propagation) {
    String[] params = new String[hop.length - 2 + 2];
    params[0] = "propagation";
    params[1] = propagation;
    System.arraycopy(hop, 2, params, 2, hop.length - 2);
    return params;
  }

  private String cell(String tag, String method, String mode) {
    return results.row(tag, method, "mode", mode).map(row -> row.time() + ", " + row.bytes()).orElse("n/a");
  }

  private List<Chart.Bar> bars() {
    List<Chart.Bar> bars = new ArrayList<>();
    for (String active : List.of("1", "10")) {
      for (String[] reader : READERS) {
        if (!reader[1].equals("ReadBenchmark.baton")) {
          bars.add(new Chart.Bar("read, " + active + " active: " + plain(reader[0]),
              score(reader[1], "active", active, "read", "set-last") / score("ReadBenchmark.baton", "active", active, "read", "set-last")));
        }
      }
    }
    for (String active : List.of("1", "10")) {
      for (String[] scope : SCOPES) {
        if (!scope[1].equals("ScopeBenchmark.baton")) {
          bars.add(new Chart.Bar("scope, " + active + " active: " + plain(scope[0]),
              score(scope[1], "active", active) / score("ScopeBenchmark.baton", "active", active)));
        }
      }
    }
    for (String values : List.of("1", "10", "50")) {
      for (String[] carrier : CARRIERS) {
        if (!carrier[1].equals("CaptureRestoreBenchmark.baton")) {
          bars.add(new Chart.Bar("per task, " + values + " values: " + plain(carrier[0]),
              score(carrier[1], "values", values) / score("CaptureRestoreBenchmark.baton", "values", values)));
        }
      }
    }
    bars.add(new Chart.Bar("Node 24 getStore, 1 active", results.node.getOrDefault("getStore/1", Double.NaN)
        / score("ReadBenchmark.baton", "active", "1", "read", "set-last")));
    for (String active : List.of("1", "10")) {
      bars.add(new Chart.Bar("Node 24 run, " + active + " active", results.node.getOrDefault("run/" + active, Double.NaN)
          / score("ScopeBenchmark.baton", "active", active)));
    }
    return bars;
  }

  private static String plain(String markdown) {
    return markdown.replace("`", "");
  }

  private double score(String classAndMethod, String... params) {
    return results.score("", classAndMethod, params);
  }

  /** A column of a comparison table: its heading and the JMH parameters of its rows. */
  private static final class Column {
    final String heading;
    final String[] params;

    Column(String heading, String... params) {
      this.heading = heading;
      this.params = params;
    }
  }

  private String comparisonTable(String[][] rows, List<Column> columns, String floor) {
    StringBuilder text = new StringBuilder("|");
    for (Column column : columns) {
      text.append(String.format(" | %s ns/op | B/op | vs. floor | peer / Baton", column.heading));
    }
    text.append(" |\n|---");
    columns.forEach(column -> text.append("|---:|---:|---:|---:"));
    text.append("|\n");
    String baton = rows[1][1];
    for (String[] row : rows) {
      text.append("| ").append(row[0]);
      for (Column column : columns) {
        Optional<Jmh.Row> measured = results.row("", row[1], column.params);
        double score = measured.map(r -> r.score).orElse(Double.NaN);
        text.append(" | ").append(measured.map(Jmh.Row::time).orElse("n/a"))
            .append(" | ").append(measured.map(Jmh.Row::bytes).orElse("n/a"))
            .append(" | ").append(ratio(score / score(floor, column.params)))
            .append(" | ").append(row[1].equals(baton) ? "" : ratio(score / score(baton, column.params)));
      }
      text.append(" |\n");
    }
    return text.append('\n').toString();
  }

  private void fasterThanPeers(String target, String[][] rows, String baton, String[] params, String whyMissed) {
    double batonScore = score(baton, params);
    List<String> slower = new ArrayList<>();
    List<String> faster = new ArrayList<>();
    for (int i = 2; i < rows.length; i++) {
      double peer = score(rows[i][1], params);
      if (Double.isNaN(peer)) {
        continue;
      }
      (peer > batonScore ? faster : slower).add(plain(rows[i][0]) + " " + ratio(peer / batonScore));
    }
    String measured = Double.isNaN(batonScore) || faster.isEmpty() && slower.isEmpty()
        ? "n/a"
        : (faster.isEmpty() ? "" : "faster than " + String.join(", ", faster))
            + (slower.isEmpty() ? "" : (faster.isEmpty() ? "" : "; ") + "slower than " + String.join(", ", slower));
    target(target, measured, slower.isEmpty(), whyMissed);
  }

  private void target(String what, String measured, boolean met) {
    target(what, measured, met, null);
  }

  private void target(String what, String measured, boolean met, String whyMissed) {
    boolean measuredAtAll = !measured.contains("NaN") && !measured.contains("n/a");
    targets.add("| " + what + " | " + measured + " | " + (!measuredAtAll ? "not measured" : met ? "yes" : "**no**") + " |");
    if (measuredAtAll && !met && whyMissed != null && !misses.contains(whyMissed)) {
      misses.add(whyMissed);
    }
  }

  private static String ratio(double ratio) {
    return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ratio);
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /** The machine and the JDK running this, to be saved with the figures measured here. */
  static String machine() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(Locale.ROOT,
        "- CPU: %s, %d cores available to the JVM%n- Memory: %s%n- OS: %s %s (%s)%n- JDK: %s %s (%s)%n",
        procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")),
        runtime.availableProcessors(),
        procLine("/proc/meminfo", "MemTotal")
            .map(kb -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.replaceAll("\\D", "")) / 1024.0 / 1024.0))
            .orElse("unknown"),
        System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"));
  }

  private static Optional<String> procLine(String file, String key) {
    try (Stream<String> lines = Files.lines(Path.of(file))) {
      return lines.filter(line -> line.startsWith(key)).map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst();
    } catch (IOException | RuntimeException unavailable) {
      return Optional.empty();
    }
  }

}

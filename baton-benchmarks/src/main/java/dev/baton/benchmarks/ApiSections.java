package dev.baton.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The API's own costs beside its peers' and Node's: reads, scopes, carrying a context, a hop end to end. */
final class ApiSections extends ReportSection {

  ApiSections(Results results, List<String> targets, List<String> misses) {
    super(results, targets, misses);
  }

  static final String[][] READERS = {
    {"`ThreadLocal.get()` (floor)", "ReadBenchmark.threadLocal"},
    {"Baton `getStore()`", "ReadBenchmark.baton"},
    {"TransmittableThreadLocal `get()`", "ReadBenchmark.transmittableThreadLocal"},
    {"OpenTelemetry `Context.current().get(key)`", "ReadBenchmark.openTelemetry"},
    {"gRPC `Context.Key.get()`", "ReadBenchmark.grpc"},
    {"`ScopedValue.get()` (JDK 25)", "ScopedValueBenchmark.read"},
  };

  static final String[][] SCOPES = {
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

  static final String[][] CARRIERS = {
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
          + " of its array from the value set first, which ends at its first entry with one value and"
          + " for the value set first: fewer loads than Baton's there, so it reads ahead of Baton or"
          + " level with it; for the value set last it walks the whole array and is far behind.";

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
          + " card mark behind a fence. No peer is within 1.5× of the floor either (their rows above), so"
          + " the targets compare with them. The frame is already the least an immutable frame can be:"
          + " one array holding the storage and its store, nothing copied into it from an empty context."
          + " Baton's scope needs no lambda, but allocates the scope instead (its row, and the scope's"
          + " targets); the fences are G1's.";

  private static final String HOP_MISS =
      "A hop through a propagating executor does the same work with or without a store current:"
          + " one reference captured, a wrapper allocated, one reference swapped in and back. What"
          + " separates the two figures is the task's own read and this machine's noise; Node's"
          + " figure is the same kind of difference, taken from loops of `await` and `setImmediate`.";

  private static final List<Column> READ_COLUMNS =
      List.of(
          new Column("1 active", "active", "1", "read", "set-last"),
          new Column("10 active, the value set last", "active", "10", "read", "set-last"),
          new Column("10 active, the value set first", "active", "10", "read", "set-first"));

  String readSection() {
    StringBuilder text = new StringBuilder("## Read the current value\n\n");
    text.append("With 1 or 10 values current, the value set last (which code reads most: the request inside\n")
        .append("the tenant inside the trace) and the one set first (`ReadBenchmark`,\n")
        .append("`ScopedValueBenchmark.read`; a `ScopedValue` is read in batches of 1,000 inside one binding).\n\n");
    text.append(comparisonTable(READERS, READ_COLUMNS, "ReadBenchmark.threadLocal"));
    for (Column column : READ_COLUMNS) {
      double ratio = score("ReadBenchmark.baton", column.params) / score("ReadBenchmark.threadLocal", column.params);
      target("`getStore()` within 1.6× of `ThreadLocal.get()`, " + column.heading, ratio(ratio) + " of the floor", ratio <= 1.6, READ_MISS);
      // ScopedValue is read from a per-thread cache the JDK keeps for it alone: see READ_MISS
      levelWithPeers("`getStore()` level with or faster than every JVM peer but `ScopedValue`, " + column.heading,
          READERS, "ReadBenchmark.baton", column.params, 0.95, "ScopedValueBenchmark.read", READ_MISS);
    }
    return text.toString();
  }

  private static final List<Column> SCOPE_COLUMNS =
      List.of(new Column("1 active", "active", "1"), new Column("10 active", "active", "10"));

  String scopeSection() {
    StringBuilder text = new StringBuilder("## Enter a value for a call\n\n");
    text.append("One value entered around a call that reads it, with the other 0 or 9 values already current\n")
        .append("(`ScopeBenchmark`, `ScopedValueBenchmark.scope`).\n\n");
    text.append(comparisonTable(SCOPES_SHOWN, SCOPE_COLUMNS, "ScopeBenchmark.threadLocal"));
    String[] one = SCOPE_COLUMNS.get(0).params;
    String[] ten = SCOPE_COLUMNS.get(1).params;
    levelWithPeers("`run()` within 10% of OpenTelemetry's `makeCurrent()`, 1 active",
        new String[][] {SCOPES[0], SCOPES[1], SCOPES[3]}, "ScopeBenchmark.baton", one, 0.90, null, RUN_MISS);
    fasterThanPeers("`run()` faster than every JVM peer, 10 active", SCOPES, "ScopeBenchmark.baton", ten, RUN_MISS);
    fasterThanPeers(
        "The scope, 1 active, no slower than OpenTelemetry's `makeCurrent()` and gRPC's `attach()`",
        SCOPE_OBJECTS, "ScopeBenchmark.batonScope", one, SCOPE_MISS);
    double bytes = results.row("", "ScopeBenchmark.batonScope", one).map(row -> row.bytesPerOp).orElse(Double.NaN);
    target("The scope, 1 active: at most one allocation",
        String.format(Locale.ROOT, "%.0f B per scope (the frame is 24 B)", bytes), bytes <= 32, SCOPE_MISS);
    return text.toString();
  }

  String carrySection() {
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

  String endToEndSection() {
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

  String nodeSection() {
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
}

package dev.baton.benchmarks;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Servers under HTTP load, with and without the agent: Netty, the JDK's server, Node, a Spring Boot application. */
final class HttpSections extends ReportSection {

  HttpSections(Results results, List<String> targets, List<String> misses) {
    super(results, targets, misses);
  }

  private static final String HTTP_MISS =
      "Each request crosses two instrumented hand-offs (the server's dispatcher onto the loop,"
          + " then `setImmediate`), each a capture and a run that enters and leaves it (the JDK's own"
          + " `sun.*` exchange tasks are not instrumented, so they are wrapped). What would close it:"
          + " a cheaper hand-off, and instrumenting the JDK's HTTP server tasks so that they are"
          + " not wrapped.";

  private static final String NETTY_MISS =
      "Baton's own work per request on Netty is one hand-off, the task handed to the channel's event"
          + " loop: its capture at `execute` and its run's enter and leave, about 40 ns on one thread"
          + " (`HandOffCostBenchmark`), under 1% of the event loop's 6 µs per request at 160,000"
          + " requests/s; in a profile of the loaded server (async-profiler, CPU) the hooks' own frames"
          + " are 1.4% of its samples, and it allocates what it does without the agent (1.79 against"
          + " 1.77 KB per request, `jstat`). No task of Netty's own is handed over per request. The"
          + " rest is how the JIT compiles the request path with the hooks inlined into it: it"
          + " differs from one JVM to the next (fresh JVMs of the agent gave 94% to 100% of those"
          + " without it on 2026-12-07), and in an experiment with the hooks kept out of line"
          + " (`-XX:CompileCommand=dontinline,dev.baton.agent.Hooks::*`, two fresh JVMs, JDK 17) the"
          + " server served 100.6% of without. What would close it with a margin: hooks that keep"
          + " the inlined part of `execute` and `run` to a call each.";

  String httpSection() {
    StringBuilder text = new StringBuilder("## The seed's HTTP server under load\n\n");
    if (results.requestRuns.isEmpty()) {
      return text.append("Not measured in this run (see above).\n").toString();
    }
    Map<String, Double> rates = results.requestsPerSecond();
    text.append(String.format(Locale.ROOT,
            "`wrk -t1 -c32` on loopback; all servers up at once, each warmed up, then %d rounds of one%n"
                + "bounded run per server, in turn, each round starting with the next server; during a run the%n"
                + "other servers are stopped (`SIGSTOP`), and a 2 s pause before each run lets the last one's%n"
                + "server finish what its run left. All of it %d times over, in fresh JVMs: how one JVM compiles%n"
                + "a server's request path differs from the next. The median of all runs per server, the lowest%n"
                + "and highest run in brackets (`HttpLoad`, which also runs alone). The servers log two lines%n"
                + "per request to a discarded stdout, as the seed does, and serve on one event-loop thread, as%n"
                + "Node does: the JDK's `HttpServer` is%n"
                + "`RequestIdLogger --port 0`, Netty is `NettyRequestIdLogger --port 0` (Netty 4.2, NIO, the%n"
                + "hop a task on the channel's event loop); Node runs the seed's own code%n"
                + "(`baton-benchmarks/node/server.mjs`). Without the agent the Java servers still enter the%n"
                + "request id, but it does not follow the hop. OpenTelemetry's agent on Netty is the peer on%n"
                + "the same server: it propagates its own context across the same hop, and traces each request.%n%n",
            results.requestRounds, Math.max(1, results.requestForks)))
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

  String appThroughputSection() {
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
                + "per application, in turn, each round starting with the next one; during a run the other%n"
                + "applications are stopped (`SIGSTOP`), with a 2 s pause before each run. All of it %d times%n"
                + "over, in fresh JVMs: how one JVM compiles the request path differs from the next. Half the requests read the orders through JPA (`GET%n"
                + "/orders/count`), half log a line in their request's id (`GET /prices/n`). The median per%n"
                + "application, the lowest and highest run in brackets (`ThroughputRounds`).%n%n",
            results.appThroughputRounds, results.appThroughputForks))
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
  static String rateCell(List<Double> runs) {
    return String.format(Locale.ROOT, "%.0f [%.0f, %.0f]", Results.median(runs), Collections.min(runs), Collections.max(runs));
  }
}

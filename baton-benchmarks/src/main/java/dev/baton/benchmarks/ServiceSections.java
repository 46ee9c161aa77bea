package dev.baton.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Context across services: gRPC, Kafka and HTTP hops, and hostile headers. */
final class ServiceSections extends ReportSection {

  ServiceSections(Results results, List<String> targets, List<String> misses) {
    super(results, targets, misses);
  }

  String servicesSection() {
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
}

package dev.baton.benchmarks;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading one incoming {@code baggage} header costs, by its size, Baton's {@code extract}
 * beside OpenTelemetry's {@code W3CBaggagePropagator}: a peer, or anyone in front of a public edge,
 * chooses the header. {@code members}: small entries ({@code k1=v,k2=v,...}) carrying a request id
 * first; {@code commas}: nothing but commas. Reading stops at the W3C limits (64 members, 8192
 * bytes), so a header of any size should cost what one of 8 KB does.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BaggageExtractBenchmark {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final W3CBaggagePropagator OPEN_TELEMETRY = W3CBaggagePropagator.getInstance();
  /** OpenTelemetry's reading of a header map, for the benchmarks that hand it one. */
  static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  @Param({"1KB", "8KB", "1MB", "10MB"})
  public String size;

  @Param({"members", "commas"})
  public String shape;

  private ContextPropagation baton;
  private Map<String, String> headers;

  @Setup(Level.Trial)
  public void build() {
    baton =
        ContextPropagation.builder()
            .carry(REQUEST_ID)
            .onMalformed(report -> {})
            .withoutDiscoveredExtensions()
            .build();
    headers = Map.of("baggage", header(bytes(size), shape));
  }

  static int bytes(String size) {
    switch (size) {
      case "1KB":
        return 1 << 10;
      case "8KB":
        return 8 << 10;
      case "1MB":
        return 1 << 20;
      case "10MB":
        return 10 << 20;
      default:
        throw new IllegalArgumentException("size: 1KB, 8KB, 1MB or 10MB, not " + size);
    }
  }

  static String header(int length, String shape) {
    if (shape.equals("commas")) {
      return ",".repeat(length);
    }
    StringBuilder header = new StringBuilder(length + 16).append("requestId=request-1");
    for (int i = 0; header.length() < length; i++) {
      header.append(",k").append(i % 1000).append("=v");
    }
    header.setLength(length);
    return header.toString();
  }

  @Benchmark
  public Object baton() {
    return baton.extract(headers, Map::get);
  }

  @Benchmark
  public Object openTelemetry() {
    return OPEN_TELEMETRY.extract(Context.root(), headers, GETTER);
  }
}

package dev.baton.benchmarks;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.Snapshot;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What carrying a request id costs per HTTP hop, both ends together, without the transport: the
 * client interceptor's work (the caller's stores written as a {@code baggage} header), then the
 * server filter's (the header read, the handler run in what it carried, the thread's own context
 * back). That is what {@code ContextClientInterceptor}, {@code ContextHttpClient} or {@code
 * ApacheContextInterceptor} and {@code ContextFilter} or {@code ContextWebFilter} do per request,
 * beside OpenTelemetry's {@code W3CBaggagePropagator} doing the same with its {@code Baggage}, and
 * beside no propagation at all (the handler alone). The headers are a fresh map per request, as
 * each request has its own.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@SuppressWarnings("try") // each scope is opened to be closed around the work, as the filters do
public class HttpHopBenchmark {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final W3CBaggagePropagator OPEN_TELEMETRY = W3CBaggagePropagator.getInstance();

  private ContextPropagation baton;
  private Snapshot batonCaller;
  private Context openTelemetryCaller;

  @Setup(Level.Trial)
  public void build() {
    baton = ContextPropagation.builder().carry(REQUEST_ID).withoutDiscoveredExtensions().build();
    batonCaller = Snapshot.empty().with(REQUEST_ID, "request-1");
    openTelemetryCaller = Context.root().with(Baggage.builder().put("requestId", "request-1").build());
  }

  @TearDown(Level.Trial)
  public void check() {
    if (!"request-1".equals(batonHop()) || !"request-1".equals(openTelemetryHop())) {
      throw new AssertionError("the request id did not arrive");
    }
  }

  /** The handler alone: no header written or read. */
  @Benchmark
  public Object withoutPropagation() {
    Map<String, String> headers = new HashMap<>();
    return handler(headers.isEmpty() ? "request-1" : null);
  }

  @Benchmark
  public Object batonHop() {
    Map<String, String> headers = new HashMap<>();
    try (dev.baton.Scope caller = batonCaller.enter()) {
      baton.inject(headers, Map::put);
    }
    Snapshot received = baton.extract(headers, Map::get);
    try (dev.baton.Scope served = received.enter()) {
      return handler(REQUEST_ID.getStore());
    }
  }

  @Benchmark
  public Object openTelemetryHop() {
    Map<String, String> headers = new HashMap<>();
    try (Scope caller = openTelemetryCaller.makeCurrent()) {
      OPEN_TELEMETRY.inject(Context.current(), headers, Map::put);
    }
    Context received = OPEN_TELEMETRY.extract(Context.current(), headers, BaggageExtractBenchmark.GETTER);
    try (Scope served = received.makeCurrent()) {
      return handler(Baggage.current().getEntryValue("requestId"));
    }
  }

  /** The application's handler: it reads the request id. */
  private static Object handler(String requestId) {
    return requestId;
  }
}

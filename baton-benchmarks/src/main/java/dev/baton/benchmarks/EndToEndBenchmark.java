package dev.baton.benchmarks;

import com.alibaba.ttl.TransmittableThreadLocal;
import com.alibaba.ttl.threadpool.TtlExecutors;
import dev.baton.AsyncLocalStorage;
import dev.baton.ContextExecutors;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole hand-offs with the context carried, each task reading the value: an executor's submit and
 * get, a chain of ten async {@code CompletableFuture} stages, a parallel stream.
 *
 * <p>{@code mode}: {@code none} (no propagation: the floor), the explicit wrappers of Baton,
 * TransmittableThreadLocal and OpenTelemetry, and the agents of Baton and TransmittableThreadLocal
 * ({@code *-agent} modes only make sense, and are only run, in a JVM started with that agent).
 * Parallel streams cannot be wrapped: only {@code none} and the agents carry anything there.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EndToEndBenchmark {

  private static final String VALUE = "request-1";
  private static final int STAGES = 10;
  private static final int STREAM_ELEMENTS = 1_000;

  @Param({"none", "baton-wrapper", "ttl-wrapper", "opentelemetry-wrapper"})
  public String mode;

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final TransmittableThreadLocal<String> transmittable = new TransmittableThreadLocal<>();
  private final ContextKey<String> openTelemetryKey = ContextKey.named("request");
  private ExecutorService raw;
  private ExecutorService pool;
  private Supplier<String> read;
  private Scope openTelemetryScope;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    raw = Executors.newFixedThreadPool(2);
    storage.enterWith(VALUE);
    transmittable.set(VALUE);
    openTelemetryScope = Context.current().with(openTelemetryKey, VALUE).makeCurrent();
    switch (mode) {
      case "none":
      case "baton-agent":
        pool = raw;
        read = storage::getStore;
        break;
      case "baton-wrapper":
        pool = ContextExecutors.wrap(raw);
        read = storage::getStore;
        break;
      case "ttl-wrapper":
        pool = TtlExecutors.getTtlExecutorService(raw);
        read = transmittable::get;
        break;
      case "ttl-agent":
        pool = raw;
        read = transmittable::get;
        break;
      case "opentelemetry-wrapper":
        pool = Context.taskWrapping(raw);
        read = () -> Context.current().get(openTelemetryKey);
        break;
      default:
        throw new IllegalArgumentException("unknown mode " + mode);
    }
    // Fails the run rather than measuring a mode that does not do what it says
    String seen = pool.submit(read::get).get(10, TimeUnit.SECONDS);
    boolean shouldPropagate = !mode.equals("none");
    if (VALUE.equals(seen) != shouldPropagate) {
      throw new IllegalStateException(
          mode + " saw " + seen + " on the pool; agent modes need a JVM started with that agent");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    openTelemetryScope.close();
    storage.disable();
    transmittable.remove();
    raw.shutdownNow();
  }

  @Benchmark
  public String submitAndGet() throws InterruptedException, ExecutionException {
    return pool.submit(read::get).get();
  }

  @Benchmark
  public String completableFutureChain() {
    CompletableFuture<String> chain = CompletableFuture.supplyAsync(read, pool);
    for (int i = 1; i < STAGES; i++) {
      chain = chain.thenApplyAsync(previous -> read.get(), pool);
    }
    return chain.join();
  }

  @Benchmark
  public long parallelStream() {
    return IntStream.range(0, STREAM_ELEMENTS)
        .parallel()
        .mapToObj(i -> read.get())
        .filter(VALUE::equals)
        .count();
  }
}

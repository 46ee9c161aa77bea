package dev.baton.benchmarks;

import dev.baton.AsyncLocalStorage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Entering a value for the length of a call and leaving it afterwards, with 1 or 10 values
 * already current: Baton's {@code run(store, fn)} and its scope, and their peers. The call reads the value, so
 * that the scope is used.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3) // a few nanoseconds each: one JVM's layout and JIT luck would decide the figure
public class ScopeBenchmark {

  @Param({"1", "10"})
  public int active;

  private ActiveValues values;
  private final ThreadLocal<String> threadLocal = new ThreadLocal<>();
  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("scoped");
  private final com.alibaba.ttl.TransmittableThreadLocal<String> transmittable = new com.alibaba.ttl.TransmittableThreadLocal<>();
  private final ContextKey<String> openTelemetryKey = ContextKey.named("scoped");
  private final io.grpc.Context.Key<String> grpcKey = io.grpc.Context.key("scoped");
  private final String value = "request-1";

  /** Each benchmark enters one value; the {@code active - 1} others are current around it. */
  @Setup(Level.Trial)
  public void makeCurrent() {
    values = active > 1 ? new ActiveValues(active - 1) : null;
  }

  @TearDown(Level.Trial)
  public void leave() {
    if (values != null) {
      values.close();
    }
  }

  /** The floor: set a {@code ThreadLocal}, run, put back what it held. */
  @Benchmark
  public void threadLocal(Blackhole blackhole) {
    String previous = threadLocal.get();
    threadLocal.set(value);
    try {
      blackhole.consume(threadLocal.get());
    } finally {
      threadLocal.set(previous);
    }
  }

  @Benchmark
  public void baton(Blackhole blackhole) {
    storage.run(value, () -> blackhole.consume(storage.getStore()));
  }

  /** Baton's scope for try-with-resources: {@code run} without a lambda. */
  @Benchmark
  @SuppressWarnings("try") // the scope is there to be closed
  public void batonScope(Blackhole blackhole) {
    try (dev.baton.Scope ignored = storage.enter(value)) {
      blackhole.consume(storage.getStore());
    }
  }

  @Benchmark
  @SuppressWarnings("try") // the scope is there to be closed
  public void openTelemetry(Blackhole blackhole) {
    try (Scope ignored = Context.current().with(openTelemetryKey, value).makeCurrent()) {
      blackhole.consume(Context.current().get(openTelemetryKey));
    }
  }

  @Benchmark
  public void transmittableThreadLocal(Blackhole blackhole) {
    transmittable.set(value);
    try {
      blackhole.consume(transmittable.get());
    } finally {
      transmittable.remove();
    }
  }

  @Benchmark
  public void grpc(Blackhole blackhole) {
    io.grpc.Context.current().withValue(grpcKey, value).run(() -> blackhole.consume(grpcKey.get()));
  }

  /** gRPC's own scope: {@code attach} and {@code detach}. */
  @Benchmark
  public void grpcAttach(Blackhole blackhole) {
    io.grpc.Context entered = io.grpc.Context.current().withValue(grpcKey, value);
    io.grpc.Context previous = entered.attach();
    try {
      blackhole.consume(grpcKey.get());
    } finally {
      entered.detach(previous);
    }
  }
}

package dev.baton.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading the current value, with 1 or 10 values current: Baton's {@code getStore()} and its
 * peers. {@code read} says which value: the one set last, which code reads most, or the one set
 * first; with one value current they are the same.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3) // a few nanoseconds each: one JVM's layout and JIT luck would decide the figure
public class ReadBenchmark {

  @Param({"1", "10"})
  public int active;

  @Param({"set-last", "set-first"})
  public String read;

  private ActiveValues values;
  private ThreadLocal<String> threadLocal;
  private dev.baton.AsyncLocalStorage<String> storage;
  private com.alibaba.ttl.TransmittableThreadLocal<String> transmittable;
  private io.opentelemetry.context.ContextKey<String> openTelemetryKey;
  private io.grpc.Context.Key<String> grpcKey;

  @Setup(Level.Trial)
  public void makeCurrent() {
    values = new ActiveValues(active);
    int index = values.index(read.equals("set-first"));
    threadLocal = values.threadLocals.get(index);
    storage = values.storages.get(index);
    transmittable = values.transmittables.get(index);
    openTelemetryKey = values.openTelemetryKeys.get(index);
    grpcKey = values.grpcKeys.get(index);
  }

  @TearDown(Level.Trial)
  public void leave() {
    values.close();
  }

  /** The floor: a plain {@code ThreadLocal}. */
  @Benchmark
  public String threadLocal() {
    return threadLocal.get();
  }

  @Benchmark
  public String baton() {
    return storage.getStore();
  }

  @Benchmark
  public String transmittableThreadLocal() {
    return transmittable.get();
  }

  @Benchmark
  public String openTelemetry() {
    return io.opentelemetry.context.Context.current().get(openTelemetryKey);
  }

  @Benchmark
  public String grpc() {
    return grpcKey.get();
  }
}

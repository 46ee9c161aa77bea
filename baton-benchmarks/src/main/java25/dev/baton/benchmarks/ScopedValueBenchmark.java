package dev.baton.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The JDK's {@code ScopedValue} (final in JDK 25), beside {@link ReadBenchmark} and {@link
 * ScopeBenchmark}: reading the value bound last with 1 or 10 bound, and binding one for a call.
 * A read needs a binding around it, so reads are measured in batches of {@value #READS} inside
 * one binding.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3) // a few nanoseconds each, as the tables it sits in
public class ScopedValueBenchmark {

  private static final int READS = 1_000;

  @Param({"1", "10"})
  public int active;

  /** As in {@link ReadBenchmark}: the value bound last or the one bound first. */
  @Param({"set-last", "set-first"})
  public String read;

  private ScopedValue<String>[] keys;
  private ScopedValue.Carrier carrier;
  private final ScopedValue<String> scoped = ScopedValue.newInstance();

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void bind() {
    keys = new ScopedValue[active];
    for (int i = 0; i < active; i++) {
      keys[i] = ScopedValue.newInstance();
      carrier = carrier == null ? ScopedValue.where(keys[i], "value-" + i) : carrier.where(keys[i], "value-" + i);
    }
  }

  @Benchmark
  @OperationsPerInvocation(READS)
  public void read(Blackhole blackhole) {
    ScopedValue<String> key = read.equals("set-first") ? keys[0] : keys[active - 1];
    carrier.run(
        () -> {
          for (int i = 0; i < READS; i++) {
            blackhole.consume(key.get());
          }
        });
  }

  /** Binding one more value for a call, the others bound around it ({@code read} plays no part). */
  @Benchmark
  public void scope(Blackhole blackhole) {
    if (active == 1) {
      ScopedValue.where(scoped, "request-1").run(() -> blackhole.consume(scoped.get()));
    } else {
      carrier.run(() -> ScopedValue.where(scoped, "request-1").run(() -> blackhole.consume(scoped.get())));
    }
  }
}

package dev.baton.benchmarks;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextExecutors;
import java.util.concurrent.Executor;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Baton's side of Node's per-hop and snapshot figures. A hop is one hand-off through a
 * propagating executor (what an {@code await} or a {@code setImmediate} is in Node), measured with
 * no store current and with one entered for the whole run, as Node's figures are taken: the
 * difference is what carrying a store adds per hop. The snapshot is created and run in, inside a
 * store.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HopBenchmark {

  @Param({"false", "true"})
  public boolean storeCurrent;

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final CaptureRestoreBenchmark.KeepingExecutor queue = new CaptureRestoreBenchmark.KeepingExecutor();
  private final Executor hop = ContextExecutors.wrap(queue);
  private Runnable task;

  @Setup(Level.Trial)
  public void enter(Blackhole blackhole) {
    task = () -> blackhole.consume(storage.getStore());
    if (storeCurrent) {
      storage.enterWith("request-1");
    }
  }

  @TearDown(Level.Trial)
  public void leave() {
    storage.disable();
  }

  @Benchmark
  public void hop() {
    hop.execute(task);
  }

  @Benchmark
  public void snapshot(Blackhole blackhole) {
    AsyncLocalStorage.snapshot().run(() -> blackhole.consume(storage.getStore()));
  }
}

package dev.baton.benchmarks;

import com.alibaba.ttl.TtlRunnable;
import dev.baton.ContextExecutors;
import io.opentelemetry.context.Context;
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
 * What a pool pays per task to carry the context: capture at submission, enter around the run,
 * restore afterwards, with 1, 10 or 50 values current. Each library's own task wrapper hands the
 * task to an executor that keeps it (as a pool's queue would, so that the wrapper is really
 * allocated) and runs it on the calling thread, so that only the propagation is measured. The
 * task itself does nothing: reading a value is measured in {@link ReadBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CaptureRestoreBenchmark {

  @Param({"1", "10", "50"})
  public int values;

  private ActiveValues current;
  private final KeepingExecutor queue = new KeepingExecutor();
  private final KeepingExecutor plain = new KeepingExecutor();
  private Executor baton;
  private Executor openTelemetry;
  private Runnable task;

  @Setup(Level.Trial)
  public void makeCurrent(Blackhole blackhole) {
    current = new ActiveValues(values);
    task = () -> blackhole.consume(this);
    baton = ContextExecutors.wrap(queue);
    openTelemetry = Context.taskWrapping(queue);
  }

  @TearDown(Level.Trial)
  public void leave() {
    current.close();
  }

  /** Baton's explicit wrapper: {@code ContextExecutors.wrap(executor).execute(task)}. */
  @Benchmark
  public void baton() {
    baton.execute(task);
  }

  /**
   * Baton's agent: a plain executor of the application's own, which the agent instruments. Only
   * meaningful in a JVM started with the agent; without it nothing is carried.
   */
  @Benchmark
  public void batonAgent() {
    plain.execute(task);
  }

  @Benchmark
  public void transmittableThreadLocal() {
    queue.execute(TtlRunnable.get(task));
  }

  @Benchmark
  public void openTelemetry() {
    openTelemetry.execute(task);
  }

  /** Micrometer context-propagation, every value being a registered {@code ThreadLocal}. */
  @Benchmark
  public void micrometer() {
    queue.execute(current.micrometer.captureAll().wrap(task));
  }

  /** Keeps each task, as a pool's queue does, then runs it on the calling thread. */
  static final class KeepingExecutor implements Executor {
    Runnable last;

    @Override
    public void execute(Runnable task) {
      last = task;
      task.run();
    }
  }
}

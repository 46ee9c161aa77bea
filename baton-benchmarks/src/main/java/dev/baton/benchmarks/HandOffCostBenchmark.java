package dev.baton.benchmarks;

import dev.baton.AsyncLocalStorage;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the agent's instrumentation itself costs per hand-off, with no other thread involved: an
 * executor of the application's own that runs each task on the calling thread, so that the figure
 * is the submission's capture plus the run's enter and leave, without the wake-ups of a pool's
 * worker. Run once without the agent and once with it ({@link BenchmarkSuite} does both).
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class HandOffCostBenchmark {

  private static final AsyncLocalStorage<String> REQUEST = new AsyncLocalStorage<>("request");

  @Param({"task-object", "lambda"})
  public String task;

  private final Executor direct = new SameThreadExecutor();
  private Runnable lambda;
  private String seen;

  @Setup(Level.Trial)
  public void enter() {
    REQUEST.enterWith("request-1");
    lambda = () -> seen = REQUEST.getStore();
  }

  @TearDown(Level.Trial)
  public void leave() {
    REQUEST.disable();
  }

  @Benchmark
  public String execute() {
    direct.execute(task.equals("lambda") ? lambda : new ReadingTask(this));
    return seen;
  }

  /** An executor of the application's own: the agent instruments it like any other. */
  static final class SameThreadExecutor implements Executor {
    @Override
    public void execute(Runnable command) {
      command.run();
    }
  }

  /** A task of a class of the application's own. */
  static final class ReadingTask implements Runnable {
    private final HandOffCostBenchmark benchmark;

    ReadingTask(HandOffCostBenchmark benchmark) {
      this.benchmark = benchmark;
    }

    @Override
    public void run() {
      benchmark.seen = REQUEST.getStore();
    }
  }
}

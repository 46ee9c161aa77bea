package dev.baton.benchmarks;

import dev.baton.AsyncLocalStorage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a {@link ThreadPoolExecutor} costs per task: the submitting thread executes a batch of
 * tasks inside a store, one worker runs them. Run once as is and once under the agent ({@link
 * BenchmarkSuite} does both) to see what the agent adds to each task: capture at {@code execute},
 * entering and leaving the context around {@code run}.
 *
 * <p>A lambda cannot be instrumented, so the agent wraps it; a task of a named class keeps its
 * identity and carries its context in a weak side table. Each submission of a task object is a
 * new object, as in applications; the one lambda is submitted again and again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class ExecutorHandoffBenchmark {

  private static final int BATCH = 1_000;

  private static final AsyncLocalStorage<String> REQUEST = new AsyncLocalStorage<>("request");

  /** {@code lambda} or {@code task-object}. */
  @Param({"lambda", "task-object"})
  public String task;

  private final AtomicLong done = new AtomicLong();
  private ThreadPoolExecutor pool;
  private Runnable lambda;

  @Setup(Level.Trial)
  public void startPool() {
    pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    pool.prestartAllCoreThreads();
    lambda = () -> done.incrementAndGet();
  }

  @TearDown(Level.Trial)
  public void stopPool() throws InterruptedException {
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** Executes {@value #BATCH} tasks from inside a store and waits until the worker ran them all. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long execute() {
    long target = done.get() + BATCH;
    REQUEST.run("request-1", this::submitBatch);
    long seen;
    while ((seen = done.get()) < target) {
      Thread.onSpinWait();
    }
    return seen;
  }

  private void submitBatch() {
    if (task.equals("lambda")) {
      for (int i = 0; i < BATCH; i++) {
        pool.execute(lambda);
      }
    } else {
      for (int i = 0; i < BATCH; i++) {
        pool.execute(new CountingTask(done));
      }
    }
  }

  /** A task of a class of the application's own. */
  static final class CountingTask implements Runnable {
    private final AtomicLong done;

    CountingTask(AtomicLong done) {
      this.done = done;
    }

    @Override
    public void run() {
      done.incrementAndGet();
    }
  }
}

package dev.baton.benchmarks;

import com.alibaba.ttl.TransmittableThreadLocal;
import dev.baton.AsyncLocalStorage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each library's agent adds to every task a {@link ThreadPoolExecutor} runs: the submitting
 * thread executes batches of tasks inside a value of that library, one worker runs them, and each
 * task reads the value. {@code library} says whose value and whose agent: {@code none} (no agent,
 * a plain {@code ThreadLocal}: the floor), {@code baton}, {@code opentelemetry}, {@code
 * transmittable}; {@link BenchmarkSuite} runs each in a JVM started with that library's agent,
 * alternating the JVMs so that the machine's drift hits all alike.
 *
 * <p>{@code task-object}: a new object of an application class for every submission, as
 * applications hand over work; {@code lambda}: one lambda submitted again and again (one object,
 * pending many times at once).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class ExecutorHandoffBenchmark {

  private static final int BATCH = 1_000;
  private static final String VALUE = "request-1";

  @Param({"task-object", "lambda"})
  public String task;

  @Param({"none", "baton", "opentelemetry", "transmittable"})
  public String library;

  private static final AsyncLocalStorage<String> REQUEST = new AsyncLocalStorage<>("request");
  private static final ThreadLocal<String> THREAD_LOCAL = new ThreadLocal<>();
  private static final TransmittableThreadLocal<String> TRANSMITTABLE = new TransmittableThreadLocal<>();
  private static final ContextKey<String> OPENTELEMETRY = ContextKey.named("request");

  private final AtomicLong done = new AtomicLong();
  private final AtomicLong seen = new AtomicLong();
  private ThreadPoolExecutor pool;
  private Supplier<String> read;
  private Runnable lambda;

  @Setup(Level.Trial)
  public void startPool() throws Exception {
    pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    pool.prestartAllCoreThreads();
    switch (library) {
      case "none":
        read = THREAD_LOCAL::get;
        break;
      case "baton":
        read = REQUEST::getStore;
        break;
      case "opentelemetry":
        read = () -> Context.current().get(OPENTELEMETRY);
        break;
      case "transmittable":
        read = TRANSMITTABLE::get;
        break;
      default:
        throw new IllegalArgumentException("unknown library " + library);
    }
    lambda = () -> countIfSeen(read.get());
    // Fails the run rather than measuring an agent that is not there
    seen.set(0);
    long target = done.get() + 1;
    inValue(() -> pool.execute(lambda));
    while (done.get() < target) {
      Thread.onSpinWait();
    }
    boolean propagated = seen.get() == 1;
    if (propagated == library.equals("none")) {
      throw new IllegalStateException(
          library + (propagated ? " propagated without an agent" : " did not propagate: start the JVM with its agent"));
    }
  }

  @TearDown(Level.Trial)
  public void stopPool() throws InterruptedException {
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  private void countIfSeen(String value) {
    if (VALUE.equals(value)) {
      seen.incrementAndGet();
    }
    done.incrementAndGet();
  }

  /** Runs {@code work} with the library's value current, as a request would. */
  @SuppressWarnings("try") // the scope is there to be closed
  private void inValue(Runnable work) {
    switch (library) {
      case "baton":
        REQUEST.run(VALUE, work);
        break;
      case "opentelemetry":
        try (Scope scope = Context.current().with(OPENTELEMETRY, VALUE).makeCurrent()) {
          work.run();
        }
        break;
      case "transmittable":
        TRANSMITTABLE.set(VALUE);
        try {
          work.run();
        } finally {
          TRANSMITTABLE.remove();
        }
        break;
      default:
        THREAD_LOCAL.set(VALUE);
        try {
          work.run();
        } finally {
          THREAD_LOCAL.remove();
        }
    }
  }

  /** Executes {@value #BATCH} tasks inside the value and waits until the worker ran them all. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long execute() {
    long target = done.get() + BATCH;
    inValue(task.equals("lambda") ? this::submitLambdas : this::submitTaskObjects);
    long now;
    while ((now = done.get()) < target) {
      Thread.onSpinWait();
    }
    return now;
  }

  private void submitLambdas() {
    for (int i = 0; i < BATCH; i++) {
      pool.execute(lambda);
    }
  }

  private void submitTaskObjects() {
    for (int i = 0; i < BATCH; i++) {
      pool.execute(new ReadingTask(this));
    }
  }

  /** A task of a class of the application's own. */
  static final class ReadingTask implements Runnable {
    private final ExecutorHandoffBenchmark benchmark;

    ReadingTask(ExecutorHandoffBenchmark benchmark) {
      this.benchmark = benchmark;
    }

    @Override
    public void run() {
      benchmark.countIfSeen(benchmark.read.get());
    }
  }
}

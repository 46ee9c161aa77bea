package dev.baton.benchmarks;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextExecutors;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
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
 * What the diagnostics cost on the paths they watch: a task handed over and run (strict mode and
 * async traces act there), a read that finds no store (context-loss detection acts there), and an
 * element handed through a queue (the agent watches queues when context-loss detection is on).
 * {@code off} run against a baton-core built without diagnostics shows what merely having them
 * costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DiagnosticsBenchmark {

  /** {@code off}, {@code strict}, {@code traces}, or {@code loss-detection} (needs the agent). */
  @Param({"off", "strict", "traces"})
  public String mode;

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final AsyncLocalStorage<String> absent = new AsyncLocalStorage<>("absent");
  private final CaptureRestoreBenchmark.KeepingExecutor pool = new CaptureRestoreBenchmark.KeepingExecutor();
  private final Executor hop = ContextExecutors.wrap(pool);
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Object element = new Object();
  private Runnable task;

  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) {
    task = () -> blackhole.consume(storage.getStore());
    if (!mode.equals("off")) {
      DiagnosticsSwitch.turnOn(mode); // off never touches the diagnostics API: it runs on older builds
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (!mode.equals("off")) {
      DiagnosticsSwitch.turnOff();
    }
  }

  /** A task handed over and run, in a request. */
  @Benchmark
  public void hop() {
    storage.run("request-1", () -> hop.execute(task));
  }

  /** A read of a storage that has no store, outside any request. */
  @Benchmark
  public Object readMiss() {
    return absent.getStore();
  }

  /** An element put into a queue in a request, and taken out. */
  @Benchmark
  public Object queueHandOff() {
    storage.run("request-1", () -> queue.offer(element));
    return queue.poll();
  }
}

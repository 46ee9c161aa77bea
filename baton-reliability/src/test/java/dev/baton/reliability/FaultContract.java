package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AsyncLocalStorage;
import dev.baton.Snapshot;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults, and what must hold after each: the caller's context is exactly what it was, the worker
 * that ran the failing task is back in its own context, and a bystander request running all along
 * on other threads never sees anything but its own id. Run with Baton's wrappers ({@link
 * WrappedFaultsTest}) and under the agent with plain executors ({@link AgentFaultsIT}).
 */
abstract class FaultContract {

  private final Propagation propagation;

  FaultContract(Propagation propagation) {
    this.propagation = propagation;
  }

  static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final AsyncLocalStorage<String> OTHER = new AsyncLocalStorage<>("other");

  private final ExecutorService bystanderPool = Executors.newFixedThreadPool(2);
  private final AtomicBoolean bystanderRunning = new AtomicBoolean(true);
  private final LongAdder bystanderChecks = new LongAdder();
  private final CountDownLatch bystanderChecked = new CountDownLatch(1);
  private final AtomicReference<String> bystanderMixUp = new AtomicReference<>();
  private Thread bystander;


  @BeforeEach
  void startBystander() {
    propagation.assertAvailable();
    ExecutorService pool = propagation.of(bystanderPool);
    bystander =
        new Thread(
            () -> {
              for (long n = 0; bystanderRunning.get(); n++) {
                String id = "bystander-" + n;
                try {
                  String seen = REQUEST_ID.run(id, () -> submitAndGet(pool, REQUEST_ID::getStore));
                  bystanderChecks.increment();
                  if (!id.equals(seen)) {
                    bystanderMixUp.compareAndSet(null, id + " saw " + seen);
                  }
                } catch (RuntimeException e) {
                  bystanderMixUp.compareAndSet(null, id + " failed: " + e);
                } finally {
                  bystanderChecked.countDown();
                }
              }
            },
            "bystander");
    bystander.start();
    // The fault must happen while the bystander request is under way, not before its first check
    try {
      assertThat(bystanderChecked.await(10, TimeUnit.SECONDS)).as("the bystander's first check").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the bystander", e);
    }
  }

  @AfterEach
  void stopBystander() throws InterruptedException {
    bystanderRunning.set(false);
    bystander.join(10_000);
    bystanderPool.shutdownNow();
    assertThat(bystanderPool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(bystanderMixUp).as("the bystander request").hasValue(null);
    assertThat(bystanderChecks.sum()).isPositive();
    assertThat(REQUEST_ID.getStore()).as("the test thread afterwards").isNull();
  }

  @Test
  void aTaskThatThrowsLeavesCallerAndWorkerAsTheyWere() throws Exception {
    ExecutorService raw = Executors.newSingleThreadExecutor();
    ExecutorService pool = propagation.of(raw);
    try {
      inRequest(
          "r-throws",
          () -> {
            Future<?> failed =
                pool.submit(
                    () -> {
                      OTHER.enterWith("left behind?");
                      throw new IllegalStateException("task failed in " + REQUEST_ID.getStore());
                    });
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("task failed in r-throws");
          });
      assertWorkerClean(raw);
    } finally {
      shutdown(raw);
    }
  }

  @Test
  void anErrorThrownByATaskLeavesTheNextTaskOnAFreshWorkerClean() throws Exception {
    CompletableFuture<Throwable> uncaught = new CompletableFuture<>();
    ExecutorService raw =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task);
              thread.setUncaughtExceptionHandler((t, failure) -> uncaught.complete(failure));
              return thread;
            });
    ExecutorService pool = propagation.of(raw);
    try {
      inRequest(
          "r-error",
          () ->
              pool.execute(
                  () -> {
                    throw new OutOfMemoryError("simulated, in " + REQUEST_ID.getStore());
                  }));
      assertThat(uncaught.get(10, TimeUnit.SECONDS))
          .as("the error reaches the worker's handler unchanged")
          .isInstanceOf(OutOfMemoryError.class)
          .hasMessage("simulated, in r-error");
      assertWorkerClean(raw);
      assertThat(inRequest("r-after-error", () -> submitAndGet(pool, REQUEST_ID::getStore)))
          .isEqualTo("r-after-error");
    } finally {
      shutdown(raw);
    }
  }

  @Test
  void aCancelledAndInterruptedTaskLeavesItsWorkerClean() throws Exception {
    ExecutorService raw = Executors.newSingleThreadExecutor();
    ExecutorService pool = propagation.of(raw);
    try {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch interrupted = new CountDownLatch(1);
      Future<?> task =
          inRequest(
              "r-cancelled",
              () ->
                  pool.submit(
                      () -> {
                        running.countDown();
                        try {
                          new CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                          interrupted.countDown();
                        }
                      }));
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(task.cancel(true)).isTrue();

      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(task::get).isInstanceOf(CancellationException.class);
      assertWorkerClean(raw);
    } finally {
      shutdown(raw);
    }
  }

  @Test
  void aSubmissionRejectedByASaturatedPoolLeavesTheCallersContext() throws Exception {
    ThreadPoolExecutor raw =
        new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
    ExecutorService pool = propagation.of(raw);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch drained = new CountDownLatch(2);
    try {
      inRequest(
          "r-saturated",
          () -> {
            for (int i = 0; i < 2; i++) { // one runs, one waits in the queue
              pool.execute(
                  () -> {
                    awaitQuietly(release);
                    drained.countDown();
                  });
            }
            Snapshot before = AsyncLocalStorage.snapshot();
            assertThatThrownBy(() -> pool.execute(() -> {}))
                .isInstanceOf(RejectedExecutionException.class);
            assertThat(REQUEST_ID.getStore()).isEqualTo("r-saturated");
            assertThat(before.run(REQUEST_ID::getStore)).isEqualTo("r-saturated");
          });
      release.countDown();
      assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
      assertWorkerClean(raw);
    } finally {
      release.countDown();
      shutdown(raw);
    }
  }

  @Test
  void aTaskRunByTheCallerWhenThePoolIsSaturatedRunsInItsContext() throws Exception {
    ThreadPoolExecutor raw =
        new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), new ThreadPoolExecutor.CallerRunsPolicy());
    ExecutorService pool = propagation.of(raw);
    CountDownLatch release = new CountDownLatch(1);
    try {
      String[] seen = new String[1];
      inRequest(
          "r-caller-runs",
          () -> {
            pool.execute(() -> awaitQuietly(release));
            pool.execute(() -> awaitQuietly(release));
            pool.execute(() -> seen[0] = REQUEST_ID.getStore()); // on this thread
            assertThat(REQUEST_ID.getStore()).isEqualTo("r-caller-runs");
          });
      assertThat(seen[0]).isEqualTo("r-caller-runs");
    } finally {
      release.countDown();
      shutdown(raw);
    }
  }

  @Test
  void aWaitThatTimesOutLeavesTheCallersContextAndTheTaskStillRunsInItsOwn() throws Exception {
    ExecutorService raw = Executors.newFixedThreadPool(2);
    ExecutorService pool = propagation.of(raw);
    CountDownLatch release = new CountDownLatch(1);
    try {
      Future<String> slow =
          inRequest(
              "r-timeout",
              () -> {
                Future<String> task =
                    pool.submit(
                        () -> {
                          release.await();
                          return REQUEST_ID.getStore();
                        });
                assertThatThrownBy(() -> task.get(10, TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);
                List<Callable<String>> never = List.of(() -> {
                  release.await();
                  return "late";
                });
                assertThatThrownBy(() -> pool.invokeAny(never, 10, TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);
                assertThat(REQUEST_ID.getStore()).isEqualTo("r-timeout");
                return task;
              });

      release.countDown();

      assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("r-timeout");
      assertWorkerClean(raw);
    } finally {
      release.countDown();
      shutdown(raw);
    }
  }

  @Test
  void anExecutorShutDownMidFlightLeavesTheCallerAndOtherRequestsAlone() throws Exception {
    ExecutorService raw = Executors.newFixedThreadPool(2);
    ExecutorService pool = propagation.of(raw);
    CountDownLatch running = new CountDownLatch(2);
    List<Runnable> neverRan =
        inRequest(
            "r-shutdown",
            () -> {
              for (int i = 0; i < 6; i++) {
                pool.execute(
                    () -> {
                      running.countDown();
                      try {
                        new CountDownLatch(1).await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    });
              }
              awaitQuietly(running);
              return pool.shutdownNow();
            });

    assertThat(raw.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(neverRan).hasSize(4);
    assertThat(REQUEST_ID.getStore()).isNull();
    assertThatThrownBy(() -> pool.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void aStackOverflowInsideNestedRunsOnAWorkerLeavesItsContextAsItWas() throws Exception {
    ExecutorService raw = Executors.newSingleThreadExecutor();
    ExecutorService pool = propagation.of(raw);
    try {
      String after =
          inRequest(
              "r-overflow",
              () ->
                  submitAndGet(
                      pool,
                      () -> {
                        try {
                          recurse(0);
                        } catch (StackOverflowError expected) {
                          // every nested run unwound: the task is back in its own context
                        }
                        return REQUEST_ID.getStore() + "/" + OTHER.getStore();
                      }));
      assertThat(after).isEqualTo("r-overflow/null");
      assertWorkerClean(raw);
    } finally {
      shutdown(raw);
    }
  }

  @Test
  void aStageThatFailsHandsItsFailureOnInTheRegisteringContext() throws Exception {
    ExecutorService raw = Executors.newFixedThreadPool(2);
    ExecutorService pool = propagation.of(raw);
    try {
      String seen =
          inRequest(
              "r-stage",
              () ->
                  CompletableFuture.supplyAsync(
                          () -> {
                            throw new IllegalStateException("stage failed");
                          },
                          pool)
                      .handleAsync(
                          (value, failure) ->
                              failure.getCause().getMessage() + " in " + REQUEST_ID.getStore(),
                          pool)
                      .get(10, TimeUnit.SECONDS));
      assertThat(seen).isEqualTo("stage failed in r-stage");
      assertWorkerClean(raw);
    } finally {
      shutdown(raw);
    }
  }

  private static void recurse(int depth) {
    OTHER.run("depth-" + depth, () -> recurse(depth + 1));
  }

  private static <T> T inRequest(String id, CheckedSupplier<T> body) {
    return REQUEST_ID.run(
        id,
        () -> {
          try {
            return body.get();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  private static void inRequest(String id, CheckedRunnable body) {
    inRequest(
        id,
        () -> {
          body.run();
          return null;
        });
  }

  private static <T> T submitAndGet(ExecutorService pool, Callable<T> task) {
    try {
      return pool.submit(task).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Runs a probe on the raw executor, outside any context: its worker must have none. */
  private static void assertWorkerClean(ExecutorService raw) throws Exception {
    assertThat(
            raw.submit(() -> REQUEST_ID.getStore() + "/" + OTHER.getStore())
                .get(10, TimeUnit.SECONDS))
        .as("the worker, after the fault")
        .isEqualTo("null/null");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void shutdown(ExecutorService executor) throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  interface CheckedSupplier<T> {
    T get() throws Exception;
  }

  interface CheckedRunnable {
    void run() throws Exception;
  }
}

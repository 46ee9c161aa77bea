package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Baton must not keep: after the work is done, no store is strongly reachable from pool
 * threads, timers or Baton itself, while the pools stay alive and idle. Run with Baton's wrappers
 * ({@link WrappedMemoryTest}) and under the agent ({@link AgentMemoryIT}).
 */
abstract class MemoryContract {

  private final Propagation propagation;

  MemoryContract(Propagation propagation) {
    this.propagation = propagation;
  }

  private static final int REQUESTS = 10_000;

  private final ExecutorService rawHops = Executors.newFixedThreadPool(2);
  private final ScheduledThreadPoolExecutor rawTimer = new ScheduledThreadPoolExecutor(1);
  private final ExecutorService rawStages = Executors.newFixedThreadPool(2);


  @BeforeEach
  void propagationIsAvailable() {
    propagation.assertAvailable();
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (ExecutorService executor : List.of(rawHops, rawTimer, rawStages)) {
      executor.shutdownNow();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void afterTenThousandRequestsNoStoreIsReachableAndThePoolsAreIdle() throws Exception {
    AsyncLocalStorage<Object> requestId = new AsyncLocalStorage<>("requestId");
    ExecutorService hops = propagation.of(rawHops);
    ScheduledExecutorService timer = propagation.of(rawTimer);
    ExecutorService stages = propagation.of(rawStages);
    List<WeakReference<Object>> stores = new ArrayList<>(REQUESTS);
    CountDownLatch done = new CountDownLatch(REQUESTS);

    for (int i = 0; i < REQUESTS; i++) {
      Object store = new StringBuilder("request-").append(i); // a fresh object per request
      stores.add(new WeakReference<>(store));
      boolean startsAThread = i % 100 == 0;
      requestId.run(
          store,
          () ->
              hops.execute(
                  () ->
                      timer.schedule(
                          () ->
                              CompletableFuture.runAsync(() -> {}, stages)
                                  .thenRun(
                                      () -> {
                                        if (startsAThread) {
                                          propagation.newThread(done::countDown).start();
                                        } else {
                                          done.countDown();
                                        }
                                      }),
                          0,
                          TimeUnit.MILLISECONDS)));
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();

    assertThat(collectUntil(() -> stores.stream().allMatch(ref -> ref.get() == null)))
        .as("every request's store collected while the pools are alive")
        .isTrue();
    assertThat(rawHops.isShutdown()).isFalse();
  }

  @Test
  void aDisabledStorageAndItsStoresCanBeCollectedAfterItsTasksRan() throws Exception {
    List<WeakReference<Object>> refs = useAndDisableAStorage(propagation.of(rawHops));

    assertThat(collectUntil(() -> refs.stream().allMatch(ref -> ref.get() == null))).isTrue();
  }

  private static List<WeakReference<Object>> useAndDisableAStorage(ExecutorService hops)
      throws Exception {
    AsyncLocalStorage<Object> storage = new AsyncLocalStorage<>("short-lived");
    Object store = new Object();
    storage.run(store, () -> hops.submit(() -> storage.getStore())).get(10, TimeUnit.SECONDS);
    storage.disable();
    return List.of(new WeakReference<>(storage), new WeakReference<>(store));
  }

  @Test
  void aPeriodicTaskKeepsOnlyItsOwnContextAndReleasesItWhenCancelled() throws Exception {
    AsyncLocalStorage<Object> requestId = new AsyncLocalStorage<>("requestId");
    rawTimer.setRemoveOnCancelPolicy(true);
    ScheduledExecutorService timer = propagation.of(rawTimer);
    Object periodicStore = new StringBuilder("periodic");
    Object oneShotStore = new StringBuilder("one-shot");
    CountDownLatch periodicRuns = new CountDownLatch(3);
    ScheduledFuture<?> periodic =
        requestId.run(
            periodicStore,
            () -> timer.scheduleAtFixedRate(periodicRuns::countDown, 0, 1, TimeUnit.MILLISECONDS));
    requestId.run(oneShotStore, () -> timer.schedule(() -> {}, 0, TimeUnit.MILLISECONDS)).get(10, TimeUnit.SECONDS);
    assertThat(periodicRuns.await(10, TimeUnit.SECONDS)).isTrue();
    WeakReference<Object> periodicRef = new WeakReference<>(periodicStore);
    WeakReference<Object> oneShotRef = new WeakReference<>(oneShotStore);
    periodicStore = null;
    oneShotStore = null;

    assertThat(collectUntil(() -> oneShotRef.get() == null))
        .as("the one-shot task's store, on the thread that also runs the periodic task")
        .isTrue();
    assertThat(periodicRef.get()).as("the periodic task's own store, while it is scheduled").isNotNull();

    periodic.cancel(false);

    assertThat(collectUntil(() -> periodicRef.get() == null)).as("once cancelled").isTrue();
  }

  /** Asks for collections until {@code condition} holds, for at most 30 seconds. */
  static boolean collectUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      System.gc();
      // Not synchronisation: the collector has no event to wait on; this only paces requests
      Thread.sleep(10);
    }
    return true;
  }
}

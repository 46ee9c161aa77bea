package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  private static final int SUBMITTERS = 8;
  private static final int TASKS_PER_SUBMITTER = 5_000;
  private static final int WORKERS = 4;

  private final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>("requestId");
  private final AsyncLocalStorage<Integer> submitter = new AsyncLocalStorage<>("submitter");

  @Test
  void eightSubmittersAndThousandsOfTasksNeverMixContextsAndLeaveWorkersClean() throws Exception {
    int expectedFailures = SUBMITTERS * (TASKS_PER_SUBMITTER / 10);
    CountDownLatch failuresReported = new CountDownLatch(expectedFailures);
    AtomicInteger reportedFailures = new AtomicInteger();
    ExecutorService rawPool =
        Executors.newFixedThreadPool(
            WORKERS,
            task -> {
              Thread worker = new Thread(task);
              worker.setUncaughtExceptionHandler(
                  (t, e) -> {
                    reportedFailures.incrementAndGet();
                    failuresReported.countDown();
                  });
              return worker;
            });
    ExecutorService pool = ContextExecutors.wrap(rawPool);
    ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
    AtomicInteger mixUps = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger failedOnPurpose = new AtomicInteger();
    CountDownLatch allDone = new CountDownLatch(SUBMITTERS * TASKS_PER_SUBMITTER);
    CyclicBarrier start = new CyclicBarrier(SUBMITTERS);
    try {
      for (int s = 0; s < SUBMITTERS; s++) {
        int submitterIndex = s;
        submitters.execute(
            () ->
                submitter.run(
                    submitterIndex,
                    () -> {
                      awaitBarrier(start);
                      for (int t = 0; t < TASKS_PER_SUBMITTER; t++) {
                        String id = submitterIndex + "-" + t;
                        boolean fail = t % 10 == 0;
                        requestId.run(
                            id,
                            () ->
                                pool.execute(
                                    () -> {
                                      try {
                                        if (!id.equals(requestId.getStore())
                                            || submitter.getStore() != submitterIndex) {
                                          mixUps.incrementAndGet();
                                        }
                                        requestId.enterWith("entered-by-" + id);
                                        if (fail) {
                                          failedOnPurpose.incrementAndGet();
                                          throw new IllegalStateException("task " + id);
                                        }
                                        completed.incrementAndGet();
                                      } finally {
                                        allDone.countDown();
                                      }
                                    }));
                      }
                    }));
      }

      assertThat(allDone.await(60, SECONDS)).isTrue();
      assertThat(mixUps).hasValue(0);
      assertThat(completed.get() + failedOnPurpose.get())
          .isEqualTo(SUBMITTERS * TASKS_PER_SUBMITTER);
      assertThat(storesOnEveryWorker(rawPool)).containsOnly("null/null");
      assertThat(failuresReported.await(30, SECONDS)).isTrue();
      assertThat(failedOnPurpose).hasValue(expectedFailures);
      assertThat(reportedFailures).hasValue(expectedFailures);
    } finally {
      submitters.shutdownNow();
      rawPool.shutdownNow();
    }
  }

  /** Runs one unwrapped probe on each worker at once (a barrier holds them) and reads its stores. */
  private List<String> storesOnEveryWorker(ExecutorService rawPool) throws Exception {
    CyclicBarrier together = new CyclicBarrier(WORKERS);
    List<Future<String>> probes = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      probes.add(
          rawPool.submit(
              () -> {
                together.await(10, SECONDS);
                return requestId.getStore() + "/" + submitter.getStore();
              }));
    }
    List<String> stores = new ArrayList<>();
    for (Future<String> probe : probes) {
      stores.add(probe.get(20, SECONDS));
    }
    return stores;
  }

  @Test
  void asyncIdsAreUniqueUnderContention() throws Exception {
    int threads = 8;
    int perThread = 20_000;
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  awaitBarrier(start);
                  for (int i = 0; i < perThread; i++) {
                    ids.add(new AsyncResource("contended").asyncId());
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get(60, SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(ids).hasSize(threads * perThread).allMatch(id -> id > 1);
  }

  @Test
  void theSameInstancesUsedFromManyThreadsKeepEachThreadsStores() throws Exception {
    int threads = 8;
    CyclicBarrier inside = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> seen = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String id = "thread-" + t;
        seen.add(
            pool.submit(
                () ->
                    requestId.call(
                        id,
                        () -> {
                          // every thread is inside its run() at the same time
                          inside.await(10, SECONDS);
                          return requestId.getStore();
                        })));
      }
      for (int t = 0; t < threads; t++) {
        assertThat(seen.get(t).get(20, SECONDS)).isEqualTo("thread-" + t);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitBarrier(CyclicBarrier barrier) {
    try {
      barrier.await(10, SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

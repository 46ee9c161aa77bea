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

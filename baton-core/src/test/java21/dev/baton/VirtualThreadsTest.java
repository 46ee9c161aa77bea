package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Runs on JDK 21 and later only: the build adds this source set there. */
class VirtualThreadsTest {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");

  @Test
  void aWrappedVirtualThreadPerTaskExecutorPropagatesToThousandsOfTasks() throws Exception {
    try (ExecutorService executor =
        ContextExecutors.wrap(Executors.newVirtualThreadPerTaskExecutor())) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        String id = "v-" + i;
        results.add(
            storage.run(
                id,
                () ->
                    executor.submit(
                        () -> {
                          Thread.yield(); // unmount and remount, maybe on another carrier
                          return Thread.currentThread().isVirtual()
                              && id.equals(storage.getStore());
                        })));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(30, SECONDS)).isTrue();
      }
    }
  }

  @Test
  void aWrappedVirtualThreadFactoryPropagatesPerThread() throws Exception {
    try (ExecutorService executor =
        Executors.newThreadPerTaskExecutor(
            ContextExecutors.wrapThreadFactory(Thread.ofVirtual().name("v-", 0).factory()))) {
      Future<String> one = storage.run("one", () -> executor.submit(storage::getStore));
      Future<String> none = executor.submit(() -> String.valueOf(storage.getStore()));

      assertThat(one.get(10, SECONDS)).isEqualTo("one");
      assertThat(none.get(10, SECONDS)).isEqualTo("null");
    }
  }

  @Test
  void aStoreSurvivesParkingWhileOtherVirtualThreadsUseTheCarriers() throws Exception {
    CountDownLatch parked = new CountDownLatch(1);
    CompletableFuture<String> afterUnpark = new CompletableFuture<>();
    Thread virtual =
        Thread.ofVirtual()
            .start(
                () ->
                    storage.run(
                        "before-park",
                        () -> {
                          parked.countDown();
                          while (!afterUnpark.isDone()) {
                            LockSupport.park();
                            if (Thread.interrupted()) {
                              afterUnpark.complete(storage.getStore());
                            }
                          }
                        }));
    assertThat(parked.await(10, SECONDS)).isTrue();
    List<Thread> others = new ArrayList<>();
    List<String> seenByOthers = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 100; i++) {
      others.add(
          Thread.ofVirtual().start(() -> seenByOthers.add(String.valueOf(storage.getStore()))));
    }
    for (Thread other : others) {
      assertThat(other.join(java.time.Duration.ofSeconds(10))).isTrue();
    }
    virtual.interrupt();

    assertThat(afterUnpark.get(10, SECONDS)).isEqualTo("before-park");
    assertThat(seenByOthers).hasSize(100).containsOnly("null");
  }

  @Test
  void boundRunnablesCarryTheContextIntoVirtualThreads() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();

    storage.run(
        "bound",
        () ->
            Thread.ofVirtual()
                .start(AsyncLocalStorage.bind(() -> { seen.complete(storage.getStore()); })));

    assertThat(seen.get(10, SECONDS)).isEqualTo("bound");
  }
}

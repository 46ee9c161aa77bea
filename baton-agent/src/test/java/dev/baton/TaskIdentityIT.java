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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Executors that inspect or order their tasks work unchanged under the agent: the executor holds
 * the user's own task objects, and the context travels with them.
 */
class TaskIdentityIT {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void shutDown() {
    pools.forEach(ExecutorService::shutdownNow);
  }

  @Test
  void aPriorityQueueOrdersTheUsersTasksAndEachRunsInItsSubmittersContext() throws Exception {
    List<Class<?>> classesSeenByTheExecutor = new CopyOnWriteArrayList<>();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(1, 1, 0, SECONDS, new PriorityBlockingQueue<>()) {
          @Override
          protected void beforeExecute(Thread thread, Runnable task) {
            classesSeenByTheExecutor.add(task.getClass());
          }

          @Override
          protected void afterExecute(Runnable task, Throwable failure) {
            classesSeenByTheExecutor.add(task.getClass());
          }
        };
    pools.add(pool);
    CountDownLatch release = new CountDownLatch(1);
    pool.execute(new Prioritized(0, () -> await(release))); // holds the worker while the others queue

    for (int priority : new int[] {3, 1, 2}) {
      storage.run(
          "priority-" + priority,
          () -> pool.execute(new Prioritized(priority, () -> seen.add(storage.getStore()))));
    }
    release.countDown();
    awaitIdle(pool);

    assertThat(seen).containsExactly("priority-1", "priority-2", "priority-3");
    assertThat(classesSeenByTheExecutor).hasSize(8).containsOnly(Prioritized.class);
  }

  @Test
  void removeFindsTheSubmittedTaskAndShutdownNowReturnsTheUsersObjects() throws Exception {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(1, 1, 0, SECONDS, new LinkedBlockingQueue<>());
    pools.add(pool);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    pool.execute(
        () -> {
          started.countDown();
          await(release);
        });
    assertThat(started.await(10, SECONDS)).isTrue();
    Recording removed = new Recording();
    Recording first = new Recording();
    Recording second = new Recording();

    storage.run(
        "queued",
        () -> {
          pool.execute(removed);
          pool.execute(first);
          pool.execute(second);
        });
    assertThat(pool.remove(removed)).isTrue();
    List<Runnable> pending = pool.shutdownNow();
    release.countDown();
    storage.run("runs them by hand", () -> pending.forEach(Runnable::run));

    assertThat(pending).containsExactly(first, second);
    assertThat(seen)
        .as("the executor gave them back: they run in the context of whoever runs them")
        .containsExactly("runs them by hand", "runs them by hand");
    assertThat(storage.getStore()).isNull();
  }

  @Test
  void oneTaskObjectSubmittedTwiceFromTwoContextsRunsOnceInEach() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    pools.add(pool);
    CountDownLatch release = new CountDownLatch(1);
    pool.execute(() -> await(release));
    Recording task = new Recording();

    storage.run("first", () -> pool.execute(task));
    storage.run("second", () -> pool.execute(task));
    release.countDown();
    pool.submit(() -> {}).get(10, SECONDS);

    assertThat(seen).containsExactly("first", "second");
  }

  @Test
  void aTaskRunAgainByHandAfterItsRunSeesNoStore() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    pools.add(pool);
    Recording task = new Recording();

    storage.run("submitted", () -> pool.execute(task));
    pool.submit(() -> {}).get(10, SECONDS);
    CompletableFuture.runAsync(task, Runnable::run).get(10, SECONDS);

    assertThat(seen).containsExactly("submitted", "null");
  }

  private static void awaitIdle(ThreadPoolExecutor pool) throws InterruptedException {
    pool.shutdown();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Recording implements Runnable {
    @Override
    public void run() {
      seen.add(String.valueOf(storage.getStore()));
    }
  }

  private static final class Prioritized implements Runnable, Comparable<Prioritized> {
    private final int priority;
    private final Runnable body;

    Prioritized(int priority, Runnable body) {
      this.priority = priority;
      this.body = body;
    }

    @Override
    public void run() {
      body.run();
    }

    @Override
    public int compareTo(Prioritized other) {
      return Integer.compare(priority, other.priority);
    }
  }
}

package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContextExecutorsTest {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void shutDownPools() {
    pools.forEach(ExecutorService::shutdownNow);
  }

  private <E extends ExecutorService> E track(E pool) {
    pools.add(pool);
    return pool;
  }

  @Test
  void anExecutorRunsTasksInTheSubmittersContext() throws Exception {
    Executor executor = ContextExecutors.wrap((Executor) track(Executors.newSingleThreadExecutor()));
    CompletableFuture<String> seen = new CompletableFuture<>();

    storage.run("r1", () -> executor.execute(() -> seen.complete(storage.getStore())));

    assertThat(seen.get(10, SECONDS)).isEqualTo("r1");
  }

  @Test
  void theContextIsCapturedAtSubmissionNotWhenTheTaskRuns() throws Exception {
    ExecutorService pool = ContextExecutors.wrap(track(Executors.newSingleThreadExecutor()));
    CountDownLatch release = new CountDownLatch(1);
    pool.execute(() -> await(release)); // keeps the worker busy until the store has changed

    Future<String> seen =
        storage.run(
            "at-submission",
            () -> {
              Future<String> future = pool.submit(storage::getStore);
              storage.enterWith("changed-after-submission");
              return future;
            });
    release.countDown();

    assertThat(seen.get(10, SECONDS)).isEqualTo("at-submission");
  }

  @Test
  void aTaskSubmittedWithoutAStoreSeesNoneEvenOnAPollutedWorker() throws Exception {
    try (OwnContextWorker worker = new OwnContextWorker("worker-own")) {
      Executor executor = ContextExecutors.wrap(worker);
      CompletableFuture<String> seen = new CompletableFuture<>();

      executor.execute(() -> seen.complete(String.valueOf(storage.getStore())));

      assertThat(seen.get(10, SECONDS)).isEqualTo("null");
      assertThat(worker.storeBetweenTasks()).isEqualTo("worker-own");
    }
  }

  @Test
  void theWorkerIsBackInItsOwnContextAfterATaskThatEnteredAStoreAndThrew() throws Exception {
    try (OwnContextWorker worker = new OwnContextWorker("worker-own")) {
      Executor executor = ContextExecutors.wrap(worker);
      CountDownLatch ran = new CountDownLatch(1);

      storage.run(
          "request",
          () ->
              executor.execute(
                  () -> {
                    storage.enterWith("leaked?");
                    ran.countDown();
                    throw new IllegalStateException("task failed");
                  }));

      assertThat(ran.await(10, SECONDS)).isTrue();
      assertThat(worker.storeBetweenTasks()).isEqualTo("worker-own");
      assertThat(worker.failures()).extracting(Throwable::getMessage).containsExactly("task failed");
    }
  }

  @Test
  void everySubmitMethodPropagates() throws Exception {
    ExecutorService pool = ContextExecutors.wrap(track(Executors.newFixedThreadPool(2)));
    List<String> seen = new CopyOnWriteArrayList<>();
    Callable<String> read = storage::getStore;

    storage.call(
        "r2",
        () -> {
          assertThat(pool.submit(read).get(10, SECONDS)).isEqualTo("r2");
          pool.submit(() -> { seen.add(storage.getStore()); }).get(10, SECONDS);
          assertThat(pool.submit(() -> { seen.add(storage.getStore()); }, "result").get(10, SECONDS))
              .isEqualTo("result");
          for (Future<String> future : pool.invokeAll(List.of(read, read))) {
            seen.add(future.get());
          }
          for (Future<String> future : pool.invokeAll(List.of(read), 10, SECONDS)) {
            seen.add(future.get());
          }
          seen.add(pool.invokeAny(List.of(read, read)));
          seen.add(pool.invokeAny(List.of(read), 10, SECONDS));
          return null;
        });

    assertThat(seen).hasSize(7).containsOnly("r2");
  }

  @Test
  void failingCallablesReportTheirExceptionAndLeaveTheWorkerClean() throws Exception {
    ExecutorService pool = ContextExecutors.wrap(track(Executors.newSingleThreadExecutor()));
    IllegalStateException failure = new IllegalStateException("callable failed");

    Future<String> failed =
        storage.run(
            "r3",
            () ->
                pool.submit(
                    () -> {
                      storage.enterWith("inside");
                      throw failure;
                    }));

    assertThatThrownBy(() -> failed.get(10, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(failure);
    assertThat(pool.submit(() -> String.valueOf(storage.getStore())).get(10, SECONDS)).isEqualTo("null");
  }

  @Test
  void lifeCycleIsForwardedAndShutdownNowReturnsTasksThatStillRunInTheirContext()
      throws Exception {
    ExecutorService raw = track(Executors.newSingleThreadExecutor());
    ExecutorService pool = ContextExecutors.wrap(raw);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    pool.execute(
        () -> {
          started.countDown();
          await(release);
        });
    assertThat(started.await(10, SECONDS)).isTrue();
    storage.run("queued", () -> pool.execute(() -> seen.add(storage.getStore())));

    List<Runnable> pending = pool.shutdownNow();
    release.countDown();

    assertThat(pool.isShutdown()).isTrue();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();
    assertThat(pool.isTerminated()).isTrue();
    assertThat(pending).hasSize(1);
    pending.get(0).run();
    assertThat(seen).containsExactly("queued");
    assertThat(storage.getStore()).isNull();
  }

  @Test
  void aRejectedSubmissionLeavesTheCallersContextUnchanged() {
    ExecutorService pool = ContextExecutors.wrap(track(Executors.newSingleThreadExecutor()));
    pool.shutdown();

    storage.run(
        "caller",
        () -> {
          assertThatThrownBy(() -> pool.execute(() -> {}))
              .isInstanceOf(RejectedExecutionException.class);
          assertThatThrownBy(() -> pool.submit(() -> "x"))
              .isInstanceOf(RejectedExecutionException.class);
          assertThat(storage.getStore()).isEqualTo("caller");
        });
    assertThat(storage.getStore()).isNull();
  }

  @Test
  void scheduledTasksRunInTheSchedulersContext() throws Exception {
    ScheduledExecutorService scheduler =
        ContextExecutors.wrap(track(Executors.newSingleThreadScheduledExecutor()));
    CompletableFuture<String> runnable = new CompletableFuture<>();

    Future<String> callable =
        storage.run(
            "scheduled",
            () -> {
              scheduler.schedule(() -> { runnable.complete(storage.getStore()); }, 1, java.util.concurrent.TimeUnit.MILLISECONDS);
              return scheduler.schedule(storage::getStore, 1, java.util.concurrent.TimeUnit.MILLISECONDS);
            });

    assertThat(runnable.get(10, SECONDS)).isEqualTo("scheduled");
    assertThat(callable.get(10, SECONDS)).isEqualTo("scheduled");
  }

  @Test
  void periodicTasksKeepTheirContextOnEveryRun() throws Exception {
    ScheduledExecutorService raw = track(Executors.newSingleThreadScheduledExecutor());
    ScheduledExecutorService scheduler = ContextExecutors.wrap(raw);
    int runs = 5;
    CountDownLatch fixedRate = new CountDownLatch(runs);
    CountDownLatch fixedDelay = new CountDownLatch(runs);
    List<String> seenAtRate = new CopyOnWriteArrayList<>();
    List<String> seenWithDelay = new CopyOnWriteArrayList<>();

    storage.run(
        "rate",
        () ->
            scheduler.scheduleAtFixedRate(
                () -> {
                  seenAtRate.add(storage.getStore());
                  storage.enterWith("must not survive the run");
                  fixedRate.countDown();
                },
                0,
                1,
                java.util.concurrent.TimeUnit.MILLISECONDS));
    storage.run(
        "delay",
        () ->
            scheduler.scheduleWithFixedDelay(
                () -> {
                  seenWithDelay.add(storage.getStore());
                  fixedDelay.countDown();
                },
                0,
                1,
                java.util.concurrent.TimeUnit.MILLISECONDS));

    assertThat(fixedRate.await(10, SECONDS)).isTrue();
    assertThat(fixedDelay.await(10, SECONDS)).isTrue();
    assertThat(seenAtRate).hasSizeGreaterThanOrEqualTo(runs).containsOnly("rate");
    assertThat(seenWithDelay).hasSizeGreaterThanOrEqualTo(runs).containsOnly("delay");
    assertThat(raw.submit(() -> String.valueOf(storage.getStore())).get(10, SECONDS))
        .as("the scheduler thread between runs")
        .isEqualTo("null");
  }

  @Test
  void aWrappedThreadFactoryStartsEachThreadInTheContextOfNewThread() throws Exception {
    ThreadFactory factory = ContextExecutors.wrapThreadFactory(Executors.defaultThreadFactory());
    // A thread-per-task executor: the use the factory is meant for
    Executor perTask = task -> factory.newThread(task).start();
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();

    storage.run("one", () -> perTask.execute(() -> first.complete(storage.getStore())));
    storage.run("two", () -> perTask.execute(() -> second.complete(storage.getStore())));
    CompletableFuture<String> none = new CompletableFuture<>();
    perTask.execute(() -> none.complete(String.valueOf(storage.getStore())));

    assertThat(first.get(10, SECONDS)).isEqualTo("one");
    assertThat(second.get(10, SECONDS)).isEqualTo("two");
    assertThat(none.get(10, SECONDS)).isEqualTo("null");
  }

  @Test
  void wrappingIsIdempotentAndKeepsTheMostSpecificType() {
    ExecutorService service = track(Executors.newSingleThreadExecutor());
    ScheduledExecutorService scheduled = track(Executors.newSingleThreadScheduledExecutor());
    ThreadFactory factory = ContextExecutors.wrapThreadFactory(Executors.defaultThreadFactory());

    ExecutorService wrapped = ContextExecutors.wrap(service);
    assertThat(ContextExecutors.wrap(wrapped)).isSameAs(wrapped);
    assertThat(ContextExecutors.wrap((Executor) wrapped)).isSameAs(wrapped);
    assertThat(ContextExecutors.wrap((Executor) service)).isInstanceOf(ExecutorService.class);
    assertThat(ContextExecutors.wrap((ExecutorService) scheduled))
        .isInstanceOf(ScheduledExecutorService.class);
    ScheduledExecutorService wrappedScheduled = ContextExecutors.wrap(scheduled);
    assertThat(ContextExecutors.wrap(wrappedScheduled)).isSameAs(wrappedScheduled);
    assertThat(ContextExecutors.wrapThreadFactory(factory)).isSameAs(factory);
  }

  @Test
  void nullArgumentsAreRejectedWithTheirName() {
    ScheduledExecutorService scheduler =
        ContextExecutors.wrap(track(Executors.newSingleThreadScheduledExecutor()));
    java.util.concurrent.TimeUnit ms = java.util.concurrent.TimeUnit.MILLISECONDS;
    assertThatThrownBy(() -> ContextExecutors.wrap((Executor) null)).hasMessage("executor");
    assertThatThrownBy(() -> ContextExecutors.wrap((ExecutorService) null)).hasMessage("executor");
    assertThatThrownBy(() -> ContextExecutors.wrap((ScheduledExecutorService) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("executor");
    assertThatThrownBy(() -> ContextExecutors.wrapThreadFactory(null)).hasMessage("threadFactory");
    assertThatThrownBy(() -> scheduler.execute(null)).hasMessage("command");
    assertThatThrownBy(() -> scheduler.submit((Runnable) null)).hasMessage("task");
    assertThatThrownBy(() -> scheduler.submit((Callable<String>) null)).hasMessage("task");
    assertThatThrownBy(() -> scheduler.invokeAll(null)).hasMessage("tasks");
    assertThatThrownBy(() -> scheduler.invokeAny(Arrays.asList((Callable<String>) null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("a task in tasks");
    assertThatThrownBy(() -> scheduler.schedule((Runnable) null, 1, ms)).hasMessage("command");
    assertThatThrownBy(() -> scheduler.schedule((Callable<String>) null, 1, ms))
        .hasMessage("callable");
    assertThatThrownBy(() -> scheduler.scheduleAtFixedRate(null, 1, 1, ms)).hasMessage("command");
    assertThatThrownBy(() -> scheduler.scheduleWithFixedDelay(null, 1, 1, ms))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("command");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A single-thread executor whose thread has a store of its own at its top level, to prove that
   * a task puts the worker back in the context it had before, not in an empty one.
   */
  private final class OwnContextWorker implements Executor, AutoCloseable {
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;

    OwnContextWorker(String ownStore) {
      thread =
          new Thread(
              () -> {
                storage.enterWith(ownStore);
                try {
                  while (true) {
                    Runnable task = queue.take();
                    try {
                      task.run();
                    } catch (RuntimeException failure) {
                      failures.add(failure);
                    }
                  }
                } catch (InterruptedException stop) {
                  // closed
                }
              },
              "own-context-worker");
      thread.start();
    }

    @Override
    public void execute(Runnable task) {
      queue.add(task);
    }

    /** The store the worker's own loop sees, read between tasks by an unwrapped task. */
    String storeBetweenTasks() throws Exception {
      CompletableFuture<String> seen = new CompletableFuture<>();
      queue.add(() -> seen.complete(String.valueOf(storage.getStore())));
      return seen.get(10, SECONDS);
    }

    List<Throwable> failures() throws Exception {
      storeBetweenTasks(); // every task queued before has finished
      return failures;
    }

    @Override
    public void close() {
      thread.interrupt();
    }
  }
}

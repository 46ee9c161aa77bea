package dev.baton;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What propagation across executors guarantees, whatever provides it. Subclasses say how an
 * executor is made to propagate: {@link ContextExecutors} wrappers, or nothing at all under the
 * agent, so that both are held to the same behaviour.
 */
public abstract class PropagationContract {

  private static final int SUBMITTERS = 8;
  private static final int TASKS_PER_SUBMITTER = 5_000;
  private static final int WORKERS = 4;

  protected final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final AsyncLocalStorage<String> concurrentRequestId = new AsyncLocalStorage<>("requestId");
  private final AsyncLocalStorage<Integer> submitterIndexStorage = new AsyncLocalStorage<>("submitter");
  private final List<ExecutorService> pools = new ArrayList<>();
  private RecordingHook hook;
  private ExecutorService hookPool;
  private ScheduledExecutorService hookScheduler;

  /** The executor, made to propagate the submitter's context. */
  protected abstract Executor propagating(Executor executor);

  /** The executor service, made to propagate the submitter's context. */
  protected abstract ExecutorService propagating(ExecutorService executor);

  /** The scheduled executor service, made to propagate the scheduler's context. */
  protected abstract ScheduledExecutorService propagating(ScheduledExecutorService executor);

  @AfterEach
  void shutDownPoolsAndHooks() {
    if (hook != null) {
      hook.disable();
    }
    pools.forEach(ExecutorService::shutdownNow);
  }

  protected <E extends ExecutorService> E track(E pool) {
    pools.add(pool);
    return pool;
  }

  private void hookExecutors() {
    hookPool = propagating(track(Executors.newSingleThreadExecutor()));
    hookScheduler = propagating(track(Executors.newSingleThreadScheduledExecutor()));
  }

  @Test
  void anExecutorRunsTasksInTheSubmittersContext() throws Exception {
    Executor executor = propagating((Executor) track(Executors.newSingleThreadExecutor()));
    CompletableFuture<String> seen = new CompletableFuture<>();

    storage.run("r1", () -> executor.execute(() -> seen.complete(storage.getStore())));

    assertThat(seen.get(10, SECONDS)).isEqualTo("r1");
  }
  @Test
  void theContextIsCapturedAtSubmissionNotWhenTheTaskRuns() throws Exception {
    ExecutorService pool = propagating(track(Executors.newSingleThreadExecutor()));
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
      Executor executor = propagating(worker);
      CompletableFuture<String> seen = new CompletableFuture<>();

      executor.execute(() -> seen.complete(String.valueOf(storage.getStore())));

      assertThat(seen.get(10, SECONDS)).isEqualTo("null");
      assertThat(worker.storeBetweenTasks()).isEqualTo("worker-own");
    }
  }
  @Test
  void theWorkerIsBackInItsOwnContextAfterATaskThatEnteredAStoreAndThrew() throws Exception {
    try (OwnContextWorker worker = new OwnContextWorker("worker-own")) {
      Executor executor = propagating(worker);
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
    ExecutorService pool = propagating(track(Executors.newFixedThreadPool(2)));
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
    AfterTaskObserver observer = new AfterTaskObserver(() -> String.valueOf(storage.getStore()));
    ExecutorService pool = propagating(track(observer.threadPool(1, Executors.defaultThreadFactory())));
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
    assertThat(observer.awaitTasks(1)).containsExactly("null");
  }
  @Test
  void lifeCycleIsForwardedAndShutdownNowGivesTheTasksBackWithNothingOfTheirSubmission()
      throws Exception {
    ExecutorService raw = track(Executors.newSingleThreadExecutor());
    ExecutorService pool = propagating(raw);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    pool.execute(
        () -> {
          started.countDown();
          await(release);
        });
    assertThat(started.await(10, SECONDS)).isTrue();
    Runnable queued = () -> seen.add(String.valueOf(storage.getStore()));
    storage.run("queued", () -> pool.execute(queued));

    List<Runnable> pending = pool.shutdownNow();
    release.countDown();

    assertThat(pool.isShutdown()).isTrue();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();
    assertThat(pool.isTerminated()).isTrue();
    assertThat(pending).containsExactly(queued);
    pending.get(0).run();
    storage.run("runs it later", pending.get(0));
    assertThat(seen)
        .as("a task the executor gave back runs in the context of whoever runs it")
        .containsExactly("null", "runs it later");
    assertThat(storage.getStore()).isNull();
  }
  @Test
  void aRejectedSubmissionLeavesTheCallersContextUnchanged() {
    ExecutorService pool = propagating(track(Executors.newSingleThreadExecutor()));
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
        propagating(track(Executors.newSingleThreadScheduledExecutor()));
    CompletableFuture<String> runnable = new CompletableFuture<>();

    Future<String> callable =
        storage.run(
            "scheduled",
            () -> {
              scheduler.schedule(() -> { runnable.complete(storage.getStore()); }, 1, MILLISECONDS);
              return scheduler.schedule(storage::getStore, 1, MILLISECONDS);
            });

    assertThat(runnable.get(10, SECONDS)).isEqualTo("scheduled");
    assertThat(callable.get(10, SECONDS)).isEqualTo("scheduled");
  }
  @Test
  void periodicTasksKeepTheirContextOnEveryRun() throws Exception {
    AfterTaskObserver observer = new AfterTaskObserver(() -> String.valueOf(storage.getStore()));
    ScheduledExecutorService scheduler = propagating(track(observer.scheduler()));
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
                MILLISECONDS));
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
                MILLISECONDS));

    assertThat(fixedRate.await(10, SECONDS)).isTrue();
    assertThat(fixedDelay.await(10, SECONDS)).isTrue();
    assertThat(seenAtRate).hasSizeGreaterThanOrEqualTo(runs).containsOnly("rate");
    assertThat(seenWithDelay).hasSizeGreaterThanOrEqualTo(runs).containsOnly("delay");
    assertThat(observer.awaitTasks(2 * runs))
        .as("the scheduler thread between runs")
        .containsOnly("null");
  }
  @Test
  void withoutHooksATaskRunsAtTheRootScope() throws Exception {
    hookExecutors();
    assertThat(hookPool.submit(AsyncHooks::executionAsyncId).get(10, SECONDS)).isEqualTo(1L);
  }
  @Test
  void aTaskIsInitialisedAtSubmissionRunsInItsOwnScopeAndIsDestroyedAfterItsRun()
      throws Exception {
    hookExecutors();
    hook = RecordingHook.enabled();
    AsyncResource submitter = new AsyncResource("Submitter");

    long[] scopeInsideTask =
        submitter.callInAsyncScope(
            () -> hookPool.submit(() -> new long[] {AsyncHooks.executionAsyncId(), AsyncHooks.triggerAsyncId()}))
            .get(10, SECONDS);

    long taskId = scopeInsideTask[0];
    assertThat(taskId).isNotIn(1L, submitter.asyncId());
    assertThat(scopeInsideTask[1]).isEqualTo(submitter.asyncId());
    assertThat(hook.events()).contains("init " + taskId + " Task " + submitter.asyncId());
    // destroy follows the run on the worker; wait for it by running a probe after it
    hookPool.submit(() -> {}).get(10, SECONDS);
    assertThat(hook.eventsOf(taskId))
        .containsExactly("init", "before", "after", "destroy");
    assertThat(hook.events())
        .contains("before " + taskId + " scope=" + taskId, "after " + taskId + " scope=" + taskId);
  }
  @Test
  void aPeriodicTaskIsOneResourceRunManyTimesAndLivesUntilItIsCollected() throws Exception {
    hookExecutors();
    hook = RecordingHook.enabled();
    CountDownLatch threeRuns = new CountDownLatch(3);
    CompletableFuture<Long> id = new CompletableFuture<>();

    ScheduledFuture<?> periodic =
        hookScheduler.scheduleAtFixedRate(
            () -> {
              id.complete(AsyncHooks.executionAsyncId());
              threeRuns.countDown();
            },
            0,
            1,
            MILLISECONDS);
    assertThat(threeRuns.await(10, SECONDS)).isTrue();
    periodic.cancel(false);
    hookScheduler.submit(() -> {}).get(10, SECONDS); // the last run has finished

    List<String> events = hook.eventsOf(id.get());
    assertThat(events.get(0)).isEqualTo("init");
    assertThat(events).doesNotContain("destroy");
    assertThat(events.subList(1, events.size()))
        .hasSizeGreaterThanOrEqualTo(6)
        .containsOnly("before", "after");
    assertThat(hook.events()).contains("init " + id.get() + " PeriodicTask 1");
  }
  @Test
  void aTaskThatNeverRunsIsDestroyedAfterCollection() throws Exception {
    hookExecutors();
    hook = RecordingHook.enabled();
    ExecutorService stopped = propagating(track(Executors.newSingleThreadExecutor()));
    CountDownLatch release = new CountDownLatch(1);
    stopped.execute(() -> await(release));
    List<String> before = hook.events();
    stopped.execute(() -> {});
    long neverRun =
        hook.events().stream()
            .filter(event -> !before.contains(event) && event.startsWith("init "))
            .map(event -> Long.parseLong(event.split(" ")[1]))
            .findFirst()
            .orElseThrow();

    stopped.shutdownNow().clear(); // drops the queued task
    release.countDown();

    assertThat(
            GcSupport.collectUntil(
                () -> hook.eventsOf(neverRun).contains("destroy"), 10, SECONDS))
        .isTrue();
    assertThat(hook.eventsOf(neverRun)).containsExactly("init", "destroy");
  }
  @Test
  void eightSubmittersAndThousandsOfTasksNeverMixContextsAndLeaveWorkersClean() throws Exception {
    int expectedFailures = SUBMITTERS * (TASKS_PER_SUBMITTER / 10);
    CountDownLatch failuresReported = new CountDownLatch(expectedFailures);
    AtomicInteger reportedFailures = new AtomicInteger();
    AfterTaskObserver observer =
        new AfterTaskObserver(
            () -> concurrentRequestId.getStore() + "/" + submitterIndexStorage.getStore());
    ExecutorService rawPool =
        observer.threadPool(
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
    ExecutorService pool = propagating(rawPool);
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
                submitterIndexStorage.run(
                    submitterIndex,
                    () -> {
                      awaitBarrier(start);
                      for (int t = 0; t < TASKS_PER_SUBMITTER; t++) {
                        String id = submitterIndex + "-" + t;
                        boolean fail = t % 10 == 0;
                        concurrentRequestId.run(
                            id,
                            () ->
                                pool.execute(
                                    () -> {
                                      try {
                                        if (!id.equals(concurrentRequestId.getStore())
                                            || submitterIndexStorage.getStore() != submitterIndex) {
                                          mixUps.incrementAndGet();
                                        }
                                        concurrentRequestId.enterWith("entered-by-" + id);
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
      assertThat(observer.awaitTasks(SUBMITTERS * TASKS_PER_SUBMITTER)).containsOnly("null/null");
      assertThat(failuresReported.await(30, SECONDS)).isTrue();
      assertThat(failedOnPurpose).hasValue(expectedFailures);
      assertThat(reportedFailures).hasValue(expectedFailures);
    } finally {
      submitters.shutdownNow();
      rawPool.shutdownNow();
    }
  }
  private static void awaitBarrier(CyclicBarrier barrier) {
    try {
      barrier.await(10, SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Records the context a pool's worker is in right after each task, where the pool itself looks
   * ({@code afterExecute}): outside any task, so that it shows what a task left behind whether the
   * task was wrapped or instrumented.
   */
  protected static final class AfterTaskObserver {
    private final java.util.function.Supplier<String> context;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.Semaphore finished = new java.util.concurrent.Semaphore(0);

    AfterTaskObserver(java.util.function.Supplier<String> context) {
      this.context = context;
    }

    private void afterTask() {
      seen.add(context.get());
      finished.release();
    }

    /** Waits until {@code tasks} tasks have finished and returns what the workers saw after them. */
    List<String> awaitTasks(int tasks) throws InterruptedException {
      assertThat(finished.tryAcquire(tasks, 60, SECONDS)).as("%d tasks finished", tasks).isTrue();
      return seen;
    }

    ExecutorService threadPool(int threads, java.util.concurrent.ThreadFactory factory) {
      return new java.util.concurrent.ThreadPoolExecutor(
          threads, threads, 0, SECONDS, new LinkedBlockingQueue<>(), factory) {
        @Override
        protected void afterExecute(Runnable task, Throwable failure) {
          afterTask();
        }
      };
    }

    ScheduledExecutorService scheduler() {
      return new java.util.concurrent.ScheduledThreadPoolExecutor(1) {
        @Override
        protected void afterExecute(Runnable task, Throwable failure) {
          afterTask();
        }
      };
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

package dev.baton;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.internal.handoff.TaskCarrier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDK's executor contracts (those of the JSR-166 TCK's {@code ThreadPoolExecutorTest} and
 * {@code ScheduledExecutorTest} that concern the task objects) hold under the agent for every kind
 * of task: executors, queues, rejection handlers, {@code beforeExecute}/{@code afterExecute},
 * {@code remove} and {@code shutdownNow} see exactly the object the application passed, and it
 * still runs in its submitter's context.
 */
class ExecutorContractIT {

  private final AsyncLocalStorage<String> request = new AsyncLocalStorage<>("request");
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<ExecutorService> pools = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  /** How the application writes a task. */
  enum Kind {
    LAMBDA(body -> () -> body.run()),
    METHOD_REFERENCE(body -> body::run),
    TASK_OBJECT(Task::new);

    final Function<Runnable, Runnable> make;

    Kind(Function<Runnable, Runnable> make) {
      this.make = make;
    }
  }

  private static final class Task implements Runnable {
    private final Runnable body;

    Task(Runnable body) {
      this.body = body;
    }

    @Override
    public void run() {
      body.run();
    }
  }

  /** One object for every submission: a lambda that captures nothing. */
  private static final List<String> SHARED_SEEN = new CopyOnWriteArrayList<>();

  private static final AsyncLocalStorage<String> SHARED_REQUEST = new AsyncLocalStorage<>("shared");

  private static final Runnable SHARED = () -> SHARED_SEEN.add(String.valueOf(SHARED_REQUEST.getStore()));

  @AfterEach
  void shutDown() {
    release.countDown();
    pools.forEach(ExecutorService::shutdownNow);
    SHARED_SEEN.clear();
  }

  private Runnable recording(Kind kind) {
    return kind.make.apply(() -> seen.add(String.valueOf(request.getStore())));
  }

  private <E extends ExecutorService> E track(E pool) {
    pools.add(pool);
    return pool;
  }

  /** A pool of one worker, held busy until {@link #release} so that tasks wait in its queue. */
  private ThreadPoolExecutor busyPool(int capacity, RejectedExecutionHandler handler) throws InterruptedException {
    ThreadPoolExecutor pool =
        track(new ThreadPoolExecutor(1, 1, 0, SECONDS, new ArrayBlockingQueue<>(capacity), handler));
    CountDownLatch started = new CountDownLatch(1);
    pool.execute(
        () -> {
          started.countDown();
          await(release);
        });
    assertThat(started.await(10, SECONDS)).isTrue();
    return pool;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theAgentInstrumentsTheTaskInsteadOfWrappingIt(Kind kind) {
    Runnable task = recording(kind);

    assertThat(task).isInstanceOf(TaskCarrier.class);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theRejectionHandlerReceivesTheSubmittedObjectWhenSaturatedAndAfterShutdown(Kind kind)
      throws Exception {
    List<Runnable> rejected = new CopyOnWriteArrayList<>();
    ThreadPoolExecutor pool = busyPool(1, (task, executor) -> rejected.add(task));
    Runnable queued = recording(kind);
    Runnable saturated = recording(kind);
    Runnable afterShutdown = recording(kind);

    request.run(
        "submitter",
        () -> {
          pool.execute(queued);
          pool.execute(saturated);
          pool.shutdown();
          pool.execute(afterShutdown);
        });
    release.countDown();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();

    assertThat(rejected).containsExactly(saturated, afterShutdown);
    assertThat(seen).as("only the queued task ran, in its submitter's context").containsExactly("submitter");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aTaskTheHandlerDiscardedRunsLaterInTheContextOfWhoeverRunsIt(Kind kind) throws Exception {
    ThreadPoolExecutor pool = busyPool(1, new ThreadPoolExecutor.DiscardPolicy());
    Runnable discarded = recording(kind);

    request.run(
        "refused submission",
        () -> {
          pool.execute(recording(kind));
          pool.execute(discarded);
        });
    request.run("runs it by hand", discarded);

    assertThat(seen).containsExactly("runs it by hand");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theCallerRunsPolicyRunsTheSubmittedObjectInTheCallersContext(Kind kind) throws Exception {
    ThreadPoolExecutor pool = busyPool(1, new ThreadPoolExecutor.CallerRunsPolicy());

    request.run(
        "caller",
        () -> {
          pool.execute(recording(kind));
          pool.execute(recording(kind));
          assertThat(request.getStore()).isEqualTo("caller");
        });

    assertThat(seen).containsExactly("caller");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theAbortPolicyThrowsAndTheTaskKeepsNoContext(Kind kind) throws Exception {
    ThreadPoolExecutor pool = busyPool(1, new ThreadPoolExecutor.AbortPolicy());
    Runnable refused = recording(kind);

    request.run(
        "refused",
        () -> {
          pool.execute(recording(kind));
          assertThatThrownBy(() -> pool.execute(refused)).isInstanceOf(RejectedExecutionException.class);
        });
    refused.run();

    assertThat(seen).containsExactly("null");
  }

  @Test
  void theDiscardOldestPolicyDropsTheOldestQueuedTaskAndQueuesTheNewOne() throws Exception {
    ThreadPoolExecutor pool = busyPool(1, new ThreadPoolExecutor.DiscardOldestPolicy());
    Runnable r2 = recording(Kind.LAMBDA);
    Runnable r3 = recording(Kind.LAMBDA);

    request.run("second", () -> pool.execute(r2));
    assertThat(pool.getQueue()).containsExactly(r2);
    request.run("third", () -> pool.execute(r3));
    assertThat(pool.getQueue()).containsExactly(r3);
    release.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();

    assertThat(seen).containsExactly("third");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theQueueRemoveAndShutdownNowHoldTheSubmittedObjects(Kind kind) throws Exception {
    ThreadPoolExecutor pool = busyPool(10, new ThreadPoolExecutor.AbortPolicy());
    Runnable removed = recording(kind);
    Runnable first = recording(kind);
    Runnable second = recording(kind);

    request.run(
        "queued",
        () -> {
          pool.execute(removed);
          pool.execute(first);
          pool.execute(second);
        });

    assertThat(pool.getQueue()).containsExactly(removed, first, second);
    assertThat(pool.getQueue().contains(first)).isTrue();
    assertThat(pool.remove(removed)).isTrue();
    assertThat(pool.getQueue()).containsExactly(first, second);
    List<Runnable> pending = pool.shutdownNow();
    assertThat(pending).containsExactly(first, second);
    request.run("by hand", () -> pending.forEach(Runnable::run));
    removed.run();

    assertThat(seen)
        .as("tasks the executor gave back run in the context of whoever runs them")
        .containsExactly("by hand", "by hand", "null");
    assertThat(request.getStore()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void beforeExecuteAndAfterExecuteReceiveTheSubmittedObject(Kind kind) throws Exception {
    List<Runnable> before = new CopyOnWriteArrayList<>();
    List<Runnable> after = new CopyOnWriteArrayList<>();
    List<String> contextInHooks = new CopyOnWriteArrayList<>();
    ThreadPoolExecutor pool =
        track(
            new ThreadPoolExecutor(1, 1, 0, SECONDS, new LinkedBlockingQueue<>()) {
              @Override
              protected void beforeExecute(Thread thread, Runnable task) {
                before.add(task);
                contextInHooks.add("before:" + request.getStore());
              }

              @Override
              protected void afterExecute(Runnable task, Throwable failure) {
                after.add(task);
                contextInHooks.add("after:" + request.getStore());
              }
            });
    Runnable task = recording(kind);

    request.run("submitter", () -> pool.execute(task));
    pool.shutdown();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();

    assertThat(before).containsExactly(task);
    assertThat(after).containsExactly(task);
    assertThat(seen).containsExactly("submitter");
    assertThat(contextInHooks)
        .as("the executor's own hooks run in the worker's context, around the task's")
        .containsExactly("before:null", "after:null");
  }

  @Test
  void oneObjectSubmittedAgainWhilePendingIsQueuedTwiceAndRunsOnceInEachSubmittersContext()
      throws Exception {
    ThreadPoolExecutor pool = busyPool(10, new ThreadPoolExecutor.AbortPolicy());

    SHARED_REQUEST.run("first", () -> pool.execute(SHARED));
    SHARED_REQUEST.run("second", () -> pool.execute(SHARED));
    assertThat(pool.getQueue()).hasSize(2).allSatisfy(task -> assertThat(task).isSameAs(SHARED));
    release.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();

    assertThat(SHARED_SEEN).containsExactly("first", "second");
  }

  @Test
  void aCancelledSubmissionLeavesNothingOnTheTaskForItsNextSubmission() throws Exception {
    ThreadPoolExecutor pool = busyPool(10, new ThreadPoolExecutor.AbortPolicy());

    Future<?> cancelled = SHARED_REQUEST.call("cancelled", () -> pool.submit(SHARED));
    assertThat(cancelled.cancel(false)).isTrue();
    assertThat(pool.remove((Runnable) cancelled)).isTrue();
    SHARED_REQUEST.run("next", () -> pool.execute(SHARED));
    release.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();
    SHARED.run();

    assertThat(SHARED_SEEN).containsExactly("next", "null");
  }

  @Test
  void aTaskRemovedFromTheQueueAndSubmittedAgainRunsInItsNewSubmittersContext() throws Exception {
    ThreadPoolExecutor pool = busyPool(10, new ThreadPoolExecutor.AbortPolicy());

    SHARED_REQUEST.run("removed", () -> pool.execute(SHARED));
    assertThat(pool.remove(SHARED)).isTrue();
    SHARED_REQUEST.run("again", () -> pool.execute(SHARED));
    release.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();

    assertThat(SHARED_SEEN).containsExactly("again");
  }

  @Test
  void invokeAnyLeavesNoContextOnTheTasksItDidNotNeed() throws Exception {
    ExecutorService pool = track(Executors.newFixedThreadPool(2));
    CountDownLatch neverReleased = new CountDownLatch(1);
    Callable<String> slow =
        () -> {
          neverReleased.await(10, SECONDS);
          return "slow";
        };
    List<String> lateRuns = new CopyOnWriteArrayList<>();
    Callable<String> late = () -> {
      lateRuns.add(String.valueOf(request.getStore()));
      return "late";
    };

    String winner =
        request.call("invokeAny", () -> pool.invokeAny(List.of(() -> request.getStore(), slow, late)));
    late.call(); // by hand, outside any store, after invokeAny cancelled what it did not need

    assertThat(winner).isEqualTo("invokeAny");
    assertThat(lateRuns).last().isEqualTo("null");
    neverReleased.countDown();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aScheduledTaskRunsInItsSchedulersContextAndItsFutureCanBeRemoved(Kind kind) throws Exception {
    ScheduledThreadPoolExecutor scheduler = track(new ScheduledThreadPoolExecutor(1));
    scheduler.setRemoveOnCancelPolicy(true);
    CountDownLatch ticks = new CountDownLatch(3);
    Runnable tick =
        kind.make.apply(
            () -> {
              seen.add(String.valueOf(request.getStore()));
              ticks.countDown();
            });

    ScheduledFuture<?> once = request.call("once", () -> scheduler.schedule(recording(kind), 1, MILLISECONDS));
    ScheduledFuture<?> periodic =
        request.call("periodic", () -> scheduler.scheduleAtFixedRate(tick, 0, 1, MILLISECONDS));
    ScheduledFuture<?> cancelled =
        request.call("cancelled", () -> scheduler.schedule(recording(kind), 1, java.util.concurrent.TimeUnit.HOURS));
    assertThat(scheduler.getQueue()).contains((Runnable) cancelled);
    assertThat(cancelled.cancel(false)).isTrue();
    assertThat(scheduler.getQueue()).doesNotContain((Runnable) cancelled);
    once.get(10, SECONDS);
    assertThat(ticks.await(10, SECONDS)).isTrue();
    periodic.cancel(false);

    assertThat(seen).contains("once").containsOnly("once", "periodic").doesNotContain("cancelled");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

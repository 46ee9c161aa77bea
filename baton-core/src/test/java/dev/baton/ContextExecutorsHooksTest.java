package dev.baton;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With a hook enabled, every propagated task is an async resource. */
class ContextExecutorsHooksTest {

  private final ExecutorService pool =
      ContextExecutors.wrap(Executors.newSingleThreadExecutor());
  private final ScheduledExecutorService scheduler =
      ContextExecutors.wrap(Executors.newSingleThreadScheduledExecutor());
  private RecordingHook hook;

  @AfterEach
  void tearDown() {
    if (hook != null) {
      hook.disable();
    }
    pool.shutdownNow();
    scheduler.shutdownNow();
  }

  @Test
  void withoutHooksATaskRunsAtTheRootScope() throws Exception {
    assertThat(pool.submit(AsyncHooks::executionAsyncId).get(10, SECONDS)).isEqualTo(1L);
  }

  @Test
  void aTaskIsInitialisedAtSubmissionRunsInItsOwnScopeAndIsDestroyedAfterItsRun()
      throws Exception {
    hook = RecordingHook.enabled();
    AsyncResource submitter = new AsyncResource("Submitter");

    long[] scopeInsideTask =
        submitter.callInAsyncScope(
            () -> pool.submit(() -> new long[] {AsyncHooks.executionAsyncId(), AsyncHooks.triggerAsyncId()}))
            .get(10, SECONDS);

    long taskId = scopeInsideTask[0];
    assertThat(taskId).isNotIn(1L, submitter.asyncId());
    assertThat(scopeInsideTask[1]).isEqualTo(submitter.asyncId());
    assertThat(hook.events()).contains("init " + taskId + " Task " + submitter.asyncId());
    // destroy follows the run on the worker; wait for it by running a probe after it
    pool.submit(() -> {}).get(10, SECONDS);
    assertThat(hook.eventsOf(taskId))
        .containsExactly("init", "before", "after", "destroy");
    assertThat(hook.events())
        .contains("before " + taskId + " scope=" + taskId, "after " + taskId + " scope=" + taskId);
  }

  @Test
  void aPeriodicTaskIsOneResourceRunManyTimesAndLivesUntilItIsCollected() throws Exception {
    hook = RecordingHook.enabled();
    CountDownLatch threeRuns = new CountDownLatch(3);
    CompletableFuture<Long> id = new CompletableFuture<>();

    ScheduledFuture<?> periodic =
        scheduler.scheduleAtFixedRate(
            () -> {
              id.complete(AsyncHooks.executionAsyncId());
              threeRuns.countDown();
            },
            0,
            1,
            MILLISECONDS);
    assertThat(threeRuns.await(10, SECONDS)).isTrue();
    periodic.cancel(false);
    scheduler.submit(() -> {}).get(10, SECONDS); // the last run has finished

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
    hook = RecordingHook.enabled();
    ExecutorService stopped = ContextExecutors.wrap(Executors.newSingleThreadExecutor());
    CountDownLatch release = new CountDownLatch(1);
    stopped.execute(() -> awaitQuietly(release));
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

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Threads run in the context of the code that started them; timer tasks in the scheduler's. */
class ThreadsAndTimersIT {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");

  @Test
  void aThreadRunsInTheContextCapturedWhenItWasStartedNotWhenItWasCreated() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    Thread thread = new Thread(() -> seen.complete(storage.getStore()));

    storage.run(
        "at-start",
        () -> {
          thread.start();
          storage.enterWith("changed after start");
        });
    thread.join(10_000);

    assertThat(seen.get(10, SECONDS)).isEqualTo("at-start");
  }

  @Test
  void aThreadSubclassOverridingRunSeesTheStartersStore() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    Thread thread =
        new Thread() {
          @Override
          public void run() {
            seen.complete(storage.getStore());
          }
        };

    storage.run("subclass", thread::start);

    assertThat(seen.get(10, SECONDS)).isEqualTo("subclass");
  }

  @Test
  void aThreadStartedOutsideAnyStoreSeesNone() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    Thread thread = new Thread(() -> seen.complete(String.valueOf(storage.getStore())));

    thread.start();

    assertThat(seen.get(10, SECONDS)).isEqualTo("null");
  }

  @Test
  void timerTasksRunInTheSchedulersContextOnceAndOnEveryPeriodicRun() throws Exception {
    Timer timer = new Timer("test-timer", true);
    try {
      CompletableFuture<String> once = new CompletableFuture<>();
      CountDownLatch threeRuns = new CountDownLatch(3);
      List<String> periodic = new CopyOnWriteArrayList<>();
      CompletableFuture<String> unscoped = new CompletableFuture<>();

      storage.run(
          "timer-once",
          () ->
              timer.schedule(
                  new TimerTask() {
                    @Override
                    public void run() {
                      once.complete(storage.getStore());
                      storage.enterWith("must not survive the task");
                    }
                  },
                  1));
      storage.run(
          "timer-periodic",
          () ->
              timer.scheduleAtFixedRate(
                  new TimerTask() {
                    @Override
                    public void run() {
                      periodic.add(storage.getStore());
                      threeRuns.countDown();
                      if (threeRuns.getCount() == 0) {
                        cancel();
                      }
                    }
                  },
                  0,
                  1));
      assertThat(once.get(10, SECONDS)).isEqualTo("timer-once");
      assertThat(threeRuns.await(10, SECONDS)).isTrue();
      timer.schedule(
          new TimerTask() {
            @Override
            public void run() {
              unscoped.complete(String.valueOf(storage.getStore()));
            }
          },
          1);

      assertThat(periodic).hasSizeGreaterThanOrEqualTo(3).containsOnly("timer-periodic");
      assertThat(unscoped.get(10, SECONDS))
          .as("a task scheduled without a store, on the same timer thread")
          .isEqualTo("null");
    } finally {
      timer.cancel();
    }
  }

  @Test
  void aTimerThreadCreatedInsideARequestDoesNotKeepItsStore() throws Exception {
    Timer timer = storage.call("creates-the-timer", () -> new Timer("lazy-timer", true));
    try {
      CompletableFuture<String> seen = new CompletableFuture<>();
      timer.schedule(
          new TimerTask() {
            @Override
            public void run() {
              seen.complete(String.valueOf(storage.getStore()));
            }
          },
          1);

      assertThat(seen.get(10, SECONDS)).isEqualTo("null");
    } finally {
      timer.cancel();
    }
  }

  @Test
  void withAHookEnabledAThreadIsAnAsyncResourceTriggeredByItsStarter() throws Exception {
    RecordingHook hook = RecordingHook.enabled();
    try {
      AsyncResource starter = new AsyncResource("Starter");
      CompletableFuture<long[]> ids = new CompletableFuture<>();
      Thread thread =
          new Thread(() -> ids.complete(new long[] {AsyncHooks.executionAsyncId(), AsyncHooks.triggerAsyncId()}));

      starter.runInAsyncScope(thread::start);
      thread.join(10_000);

      long threadId = ids.get(10, SECONDS)[0];
      assertThat(ids.get()[1]).isEqualTo(starter.asyncId());
      assertThat(hook.events()).contains("init " + threadId + " Thread " + starter.asyncId());
      assertThat(hook.eventsOf(threadId)).containsExactly("init", "before", "after", "destroy");
    } finally {
      hook.disable();
    }
  }
}

package dev.baton.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** The agent's attach-and-restore logic, driven by hand as instrumentation would drive it. */
class HandoffsTest {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");

  /** A task as the agent sees it: a named class whose run() calls beforeRun/afterRun. */
  private final class InstrumentedTask implements Runnable {
    final List<String> seen = new ArrayList<>();

    @Override
    public void run() {
      Object saved = Handoffs.beforeRun(this);
      try {
        seen.add(String.valueOf(storage.getStore()));
      } finally {
        Handoffs.afterRun(saved, null);
      }
    }
  }

  private Object submit(Object task, boolean repeating) {
    Object submitted = null;
    try {
      submitted = Handoffs.onSubmit(task, repeating);
      return submitted;
    } finally {
      Handoffs.afterSubmit(submitted, null);
    }
  }

  private static String runOnAnotherThread(Runnable task) throws Exception {
    CompletableFuture<String> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                task.run();
                done.complete("ran");
              } catch (Throwable failure) {
                done.completeExceptionally(failure);
              }
            });
    thread.start();
    return done.get(10, SECONDS);
  }

  @Test
  void aSubmittedTaskKeepsItsIdentityAndRunsOnceInTheSubmittersContext() throws Exception {
    InstrumentedTask task = new InstrumentedTask();

    Object submitted = storage.run("r1", () -> submit(task, false));
    runOnAnotherThread(task);
    runOnAnotherThread(task);

    assertThat(submitted).isSameAs(task);
    assertThat(task.seen).containsExactly("r1", "null");
  }

  @Test
  void aRejectedTaskIsDetachedSoThatRunningItLaterEntersNoContext() throws Exception {
    InstrumentedTask task = new InstrumentedTask();

    storage.run(
        "rejected",
        () -> {
          Object submitted = Handoffs.onSubmit(task, false);
          Handoffs.afterSubmit(submitted, new RejectedExecutionException("pool is full"));
        });
    runOnAnotherThread(task);

    assertThat(task.seen).containsExactly("null");
  }

  @Test
  void aRepeatingTaskRunsInItsContextEveryTime() throws Exception {
    InstrumentedTask task = new InstrumentedTask();

    storage.run("periodic", () -> submit(task, true));
    for (int i = 0; i < 3; i++) {
      runOnAnotherThread(task);
    }

    assertThat(task.seen).containsExactly("periodic", "periodic", "periodic");
  }

  @Test
  void lambdasAreWrappedBecauseTheyCannotBeInstrumented() throws Exception {
    List<String> seen = new ArrayList<>();
    Runnable lambda = () -> seen.add(storage.getStore());

    Object submitted = storage.run("r2", () -> submit(lambda, false));
    runOnAnotherThread((Runnable) submitted);

    assertThat(submitted).isNotSameAs(lambda).isInstanceOf(Runnable.class);
    assertThat(seen).containsExactly("r2");
  }

  @Test
  void aTaskOfAnExcludedClassIsWrappedAndStillRunsInTheSubmittersContext() throws Exception {
    InstrumentedTask task = new InstrumentedTask();
    Handoffs.exclude(java.util.Set.of(InstrumentedTask.class.getName()));
    try {
      Object submitted = storage.run("excluded", () -> submit(task, false));
      runOnAnotherThread((Runnable) submitted);

      assertThat(submitted).isNotSameAs(task);
      assertThat(task.seen).containsExactly("excluded");
    } finally {
      Handoffs.exclude(java.util.Set.of());
    }
  }

  @Test
  void aNestedSubmissionPassesTheTaskThroughUnchanged() {
    Runnable lambda = () -> {};
    try {
      Handoffs.onSubmit(new InstrumentedTask(), false); // the outer submission
      assertThat(Handoffs.onSubmit(lambda, false)).isSameAs(lambda);
      Handoffs.afterSubmit(lambda, null);
    } finally {
      Handoffs.afterSubmit(null, null);
    }
    assertThat(submit(lambda, false)).isNotSameAs(lambda);
  }

  @Test
  void aSecondPendingSubmissionOfTheSameObjectGetsItsOwnContext() throws Exception {
    InstrumentedTask task = new InstrumentedTask();

    Object first = storage.run("first", () -> submit(task, false));
    Object second = storage.run("second", () -> submit(task, false));
    runOnAnotherThread((Runnable) second);
    runOnAnotherThread((Runnable) first);

    assertThat(first).isSameAs(task);
    assertThat(second).isNotSameAs(task);
    assertThat(task.seen).containsExactly("second", "first");
  }

  @Test
  void callablesInACollectionAreEachAttachedOrWrapped() throws Exception {
    Callable<String> lambda = storage::getStore;

    @SuppressWarnings("unchecked")
    List<Callable<String>> submitted =
        (List<Callable<String>>) storage.run("all", () -> submit(List.of(lambda, lambda), false));

    assertThat(submitted).hasSize(2);
    for (Callable<String> callable : submitted) {
      assertThat(callable.call()).isEqualTo("all");
    }
  }

  @Test
  void threadsStartedInsidePoolInternalsInheritNothing() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    Thread thread = new Thread(() -> {});
    Handoffs.enterPoolInternals();
    try {
      storage.run("request", () -> Handoffs.onThreadStart(thread));
    } finally {
      Handoffs.exitPoolInternals();
    }
    Object saved = Handoffs.beforeRun(thread);
    seen.complete(String.valueOf(storage.getStore()));
    Handoffs.afterRun(saved, null);

    assertThat(saved).isNull();
    assertThat(seen.get()).isEqualTo("null");
  }

  @Test
  void aStartedThreadRunsInTheStartersContextOnce() {
    Thread thread = new Thread(() -> {});
    storage.run("starter", () -> Handoffs.onThreadStart(thread));

    Object saved = Handoffs.beforeRun(thread);
    String inside = storage.getStore();
    Handoffs.afterRun(saved, null);

    assertThat(inside).isEqualTo("starter");
    assertThat(storage.getStore()).isNull();
    assertThat(Handoffs.beforeRun(thread)).isNull();
  }

  @Test
  void onlyHiddenClassesAndTheJdkOutsideItsConcurrencyClassesAreLeftUninstrumented() {
    Runnable lambda = () -> {};
    assertThat(Handoffs.isInstrumented(InstrumentedTask.class)).isTrue();
    assertThat(Handoffs.isInstrumented(lambda.getClass())).isFalse();
    assertThat(Handoffs.isInstrumentedName("java.util.concurrent.FutureTask")).isTrue();
    assertThat(Handoffs.isInstrumentedName("java.lang.Thread")).isTrue();
    assertThat(Handoffs.isInstrumentedName("jdk.internal.net.http.HttpClientImpl$Task")).isFalse();
  }
}

package dev.baton.internal.handoff;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.internal.util.OwnThread;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent's attach-and-restore logic, driven by hand as instrumentation would drive it. */
class HandoffsTest {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final AsyncLocalStorage<String> tenant = new AsyncLocalStorage<>("tenant");

  /** A task as the agent sees it: a named class whose run() calls beforeRun/afterRun. */
  private class InstrumentedTask implements Runnable {
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Supplier<String> read = storage::getStore;

    @Override
    public void run() {
      Object saved = TaskRuns.beforeRun(this);
      try {
        seen.add(String.valueOf(read.get()));
      } finally {
        TaskRuns.afterRun(this, saved, null);
      }
    }
  }

  /** A task class as the agent rewrites it when it loads: with a field of its own. */
  private final class CarrierTask extends InstrumentedTask implements TaskCarrier {
    @SuppressWarnings("unused") // through ATTACHMENT
    private volatile Object $baton$attachment;

    @Override
    public Object $baton$attachment() {
      return $baton$attachment;
    }

    @Override
    public boolean $baton$compareAndSet(Object expected, Object replacement) {
      return CarrierFields.compareAndSet(ATTACHMENT, this, expected, replacement);
    }
  }

  private static final Object ATTACHMENT = CarrierFields.handle(carrierLookup());

  private static MethodHandles.Lookup carrierLookup() {
    try {
      return MethodHandles.privateLookupIn(CarrierTask.class, MethodHandles.lookup());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** An object an executor wraps the task in, whose run runs the task inside it (a future, a relay). */
  private static final class Wrapper implements Runnable {
    final Runnable inside;
    final Runnable before;

    Wrapper(Runnable before, Runnable inside) {
      this.before = before;
      this.inside = inside;
    }

    @Override
    public void run() {
      Object saved = TaskRuns.beforeRun(this);
      try {
        before.run();
        inside.run();
      } finally {
        TaskRuns.afterRun(this, saved, null);
      }
    }
  }

  private InstrumentedTask task(boolean carrier) {
    return carrier ? new CarrierTask() : new InstrumentedTask();
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

  /** A submission inside which the executor does {@code inside}, as an executor's code would. */
  private Object submit(Object task, Supplier<Object> inside) {
    Object submitted = null;
    try {
      submitted = Handoffs.onSubmit(task, false);
      return inside.get();
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

  @ParameterizedTest(name = "carrier: {0}")
  @ValueSource(booleans = {false, true})
  void aSubmittedTaskKeepsItsIdentityAndRunsOnceInTheSubmittersContext(boolean carrier) throws Exception {
    InstrumentedTask task = task(carrier);

    Object submitted = storage.run("r1", () -> submit(task, false));
    runOnAnotherThread(task);
    runOnAnotherThread(task);

    assertThat(submitted).isSameAs(task);
    assertThat(task.seen).containsExactly("r1", "null");
  }

  @ParameterizedTest(name = "carrier: {0}")
  @ValueSource(booleans = {false, true})
  void aRejectedTaskIsDetachedSoThatRunningItLaterEntersNoContext(boolean carrier) throws Exception {
    InstrumentedTask task = task(carrier);

    storage.run(
        "rejected",
        () -> {
          Object submitted = Handoffs.onSubmit(task, false);
          Handoffs.afterSubmit(submitted, new RejectedExecutionException("pool is full"));
        });
    runOnAnotherThread(task);

    assertThat(task.seen).containsExactly("null");
    assertThat(Attachments.get(task)).isNull();
  }

  @Test
  void aRejectedSecondSubmissionLeavesTheFirstPending() throws Exception {
    InstrumentedTask task = task(true);

    storage.run("accepted", () -> submit(task, false));
    storage.run(
        "rejected",
        () -> {
          Object submitted = Handoffs.onSubmit(task, false);
          Handoffs.afterSubmit(submitted, new RejectedExecutionException("pool is full"));
        });
    runOnAnotherThread(task);
    runOnAnotherThread(task);

    assertThat(task.seen).containsExactly("accepted", "null");
  }

  @ParameterizedTest(name = "carrier: {0}")
  @ValueSource(booleans = {false, true})
  void aRepeatingTaskRunsInItsContextEveryTime(boolean carrier) throws Exception {
    InstrumentedTask task = task(carrier);

    storage.run("periodic", () -> submit(task, true));
    storage.run("submitted once later", () -> submit(task, false));
    for (int i = 0; i < 3; i++) {
      runOnAnotherThread(task);
    }

    assertThat(task.seen).containsExactly("periodic", "periodic", "periodic");
  }

  @Test
  void lambdasTheAgentDidNotSeeDefinedAreWrapped() throws Exception {
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
    AgentSettings.exclude(java.util.Set.of(InstrumentedTask.class.getName()));
    try {
      Object submitted = storage.run("excluded", () -> submit(task, false));
      runOnAnotherThread((Runnable) submitted);

      assertThat(submitted).isNotSameAs(task);
      assertThat(task.seen).containsExactly("excluded");
    } finally {
      AgentSettings.exclude(java.util.Set.of());
    }
  }

  @ParameterizedTest(name = "carrier: {0}")
  @ValueSource(booleans = {false, true})
  void anObjectSubmittedAgainWhilePendingKeepsItsIdentityAndRunsOnceInEachContextInOrder(boolean carrier)
      throws Exception {
    InstrumentedTask task = task(carrier);

    Object first = storage.run("first", () -> submit(task, false));
    Object second = storage.run("second", () -> submit(task, false));
    Object third = storage.run("third", () -> submit(task, false));
    for (int i = 0; i < 4; i++) {
      runOnAnotherThread(task);
    }

    assertThat(List.of(first, second, third)).containsOnly(task);
    assertThat(task.seen).containsExactly("first", "second", "third", "null");
  }

  @Test
  void oneObjectSubmittedFromManyThreadsAtOnceRunsOnceInEachSubmittersContext() throws Exception {
    CarrierTask task = new CarrierTask();
    int threads = 8;
    int perThread = 500;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService submitters = Executors.newFixedThreadPool(threads);
    List<String> submitted = Collections.synchronizedList(new ArrayList<>());
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(
            submitters.submit(
                () -> {
                  start.await(10, SECONDS);
                  for (int i = 0; i < perThread; i++) {
                    String request = id + "-" + i;
                    storage.run(request, () -> submit(task, false));
                    submitted.add(request);
                    if (i % 2 == 0) {
                      task.run(); // workers run the object while others still submit it
                    }
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> future : done) {
        future.get(30, SECONDS);
      }
    } finally {
      submitters.shutdownNow();
    }
    while (Attachments.get(task) != null) {
      task.run();
    }

    assertThat(task.seen).hasSize(threads * perThread).containsExactlyInAnyOrderElementsOf(submitted);
  }

  @ParameterizedTest(name = "carrier: {0}")
  @ValueSource(booleans = {false, true})
  void aWrapperCreatedDuringTheSubmissionTakesTheContextOverAndTheTaskKeepsNothing(boolean carrier)
      throws Exception {
    InstrumentedTask task = task(carrier);
    InstrumentedTask[] wrapper = new InstrumentedTask[1];

    storage.run(
        "submitter",
        () ->
            submit(
                task,
                () -> {
                  wrapper[0] = new InstrumentedTask();
                  Handoffs.onWrapperCreated(wrapper[0], task);
                  return submit(wrapper[0], false); // the nested execute(wrapper)
                }));

    assertThat(Attachments.get(task)).isNull();
    runOnAnotherThread(wrapper[0]);
    assertThat(wrapper[0].seen).containsExactly("submitter");
  }

  @Test
  void aWrapperCancelledBeforeItRunsLeavesNothingOnTheTask() {
    InstrumentedTask task = task(true);
    FutureTask<?>[] future = new FutureTask<?>[1];

    storage.run(
        "cancelled",
        () ->
            submit(
                task,
                () -> {
                  future[0] = new FutureTask<>(task, null);
                  Handoffs.onWrapperCreated(future[0], task);
                  return null;
                }));
    assertThat(Attachments.get(future[0])).isNotNull();
    Handoffs.onCancelled(future[0]);

    assertThat(Attachments.get(future[0])).isNull();
    assertThat(Attachments.get(task)).isNull();
  }

  @Test
  void anExplicitWrapperAroundTheTaskWinsForWhatItSetsAndTheSubmittersOtherStoresStillReachTheTask()
      throws Exception {
    InstrumentedTask task = task(true);
    task.read = () -> storage.getStore() + "/" + tenant.getStore();
    // The explicit wrapper: an executor a library wrapped runs this around the task, as an
    // OpenTelemetry-wrapped executor makes its own context current
    Wrapper explicit = new Wrapper(() -> {}, () -> storage.run("wrapper's", task));

    tenant.run("acme", () -> storage.run("submitter's", () -> submit(task, () -> submit(explicit, false))));
    runOnAnotherThread(explicit);

    assertThat(task.seen).containsExactly("wrapper's/acme");
  }

  @Test
  void aRelayThatRunsManyTasksEntersNoneOfTheirContextsOutsideThem() throws Exception {
    InstrumentedTask first = task(true);
    InstrumentedTask second = task(true);
    List<String> betweenTasks = new ArrayList<>();
    Runnable loop =
        () -> {
          betweenTasks.add(String.valueOf(storage.getStore()));
          first.run();
          betweenTasks.add(String.valueOf(storage.getStore()));
          second.run();
          betweenTasks.add(String.valueOf(storage.getStore()));
        };
    // An event loop started by the first submission: the executor's own loop is relayed, not entered
    Wrapper eventLoop = new Wrapper(() -> {}, loop);

    storage.run("first", () -> submit(first, () -> submit(eventLoop, false)));
    storage.run("second", () -> submit(second, false));
    runOnAnotherThread(eventLoop);

    assertThat(first.seen).containsExactly("first");
    assertThat(second.seen).containsExactly("second");
    assertThat(betweenTasks).containsExactly("null", "null", "null");
  }

  @Test
  void aRelayFutureThatEndsDoneWithoutRunningItsTaskDropsTheTasksContext() throws Exception {
    InstrumentedTask task = task(true);
    CancelledRelay relay = new CancelledRelay();

    storage.run("cancelled", () -> submit(task, () -> submit(relay, false)));
    runOnAnotherThread(relay);

    assertThat(Attachments.get(task)).isNull();
    task.run();
    assertThat(task.seen).containsExactly("null");
  }

  /** A future that was cancelled: its run does nothing, as a cancelled FutureTask's. */
  private static final class CancelledRelay extends FutureTask<Void> {
    CancelledRelay() {
      super(() -> null);
      cancel(false);
    }

    @Override
    public void run() {
      Object saved = TaskRuns.beforeRun(this);
      try {
        super.run();
      } finally {
        TaskRuns.afterRun(this, saved, null);
      }
    }
  }

  @Test
  void aTaskRemovedFromTheQueueLosesItsOldestPendingContext() throws Exception {
    InstrumentedTask task = task(true);

    storage.run("removed", () -> submit(task, false));
    storage.run("kept", () -> submit(task, false));
    Handoffs.onRemoved(task);
    runOnAnotherThread(task);

    assertThat(task.seen).containsExactly("kept");
  }

  @Test
  void tasksOfACollectionRunInTheSubmittersContextAndThoseNeverRunAreDetachedWhenItReturns()
      throws Exception {
    InstrumentedTask first = task(true);
    InstrumentedTask second = task(false);
    InstrumentedTask neverRun = task(true);
    List<InstrumentedTask> tasks = List.of(first, second, neverRun);

    // invokeAll and invokeAny return once they need no more of their tasks
    Object submitted =
        storage.run(
            "all",
            () ->
                submit(
                    tasks,
                    () -> {
                      first.run();
                      second.run();
                      return tasks;
                    }));
    neverRun.run();

    assertThat(submitted).isSameAs(tasks);
    assertThat(first.seen).containsExactly("all");
    assertThat(second.seen).containsExactly("all");
    assertThat(neverRun.seen).containsExactly("null");
    assertThat(tasks).allSatisfy(task -> assertThat(Attachments.get(task)).isNull());
  }

  @Test
  void aLambdaTheAgentDidNotSeeDefinedKeepsItsContextInTheTableWhileItsCollectionIsSubmitted() {
    Callable<String> lambda = storage::getStore;
    Object[] attached = new Object[1];

    storage.run(
        "all",
        () ->
            submit(
                List.of(lambda),
                () -> {
                  attached[0] = Attachments.get(lambda);
                  return null;
                }));

    assertThat(attached[0]).isNotNull();
    assertThat(Attachments.get(lambda)).isNull();
  }

  @Test
  void aTaskRunInsideItsSubmissionHandsOverWhatItSubmitsOnItsOwnAccount() throws Exception {
    InstrumentedTask inner = task(true);
    List<Object> submittedInside = new ArrayList<>();
    // A same-thread executor: the task runs inside execute(), as with Guava's directExecutor()
    Runnable outer =
        new Runnable() {
          @Override
          public void run() {
            Object saved = TaskRuns.beforeRun(this);
            try {
              storage.run("inside the task", () -> submittedInside.add(submit(inner, false)));
            } finally {
              TaskRuns.afterRun(this, saved, null);
            }
          }
        };

    storage.run("submitter", () -> submit(outer, () -> {
      outer.run();
      return null;
    }));
    runOnAnotherThread(inner);

    assertThat(submittedInside).containsExactly(inner);
    assertThat(inner.seen).containsExactly("inside the task");
    assertThat(HandoffThread.current().handingOver).isZero();
  }

  @Test
  void batonsOwnThreadsStartInNoOnesContextWhileOthersStartInTheirStartersContext() {
    Thread own = new OwnThread(() -> {}, "baton-test-own");
    Thread application = new Thread(() -> {});

    storage.run(
        "request",
        () -> {
          Handoffs.onThreadStart(own);
          Handoffs.onThreadStart(application);
        });

    assertThat(own.isDaemon()).isTrue();
    assertThat(TaskRuns.beforeRun(own)).isNull();
    Object saved = TaskRuns.beforeRun(application);
    try {
      assertThat(storage.getStore()).isEqualTo("request");
    } finally {
      TaskRuns.afterRun(application, saved, null);
    }
    assertThat(storage.getStore()).isNull();
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
    Object saved = TaskRuns.beforeRun(thread);
    seen.complete(String.valueOf(storage.getStore()));
    TaskRuns.afterRun(thread, saved, null);

    assertThat(saved).isNull();
    assertThat(seen.get()).isEqualTo("null");
  }

  @Test
  void aStartedThreadRunsInTheStartersContextOnce() {
    Thread thread = new Thread(() -> {});
    storage.run("starter", () -> Handoffs.onThreadStart(thread));

    Object saved = TaskRuns.beforeRun(thread);
    String inside = storage.getStore();
    TaskRuns.afterRun(thread, saved, null);

    assertThat(inside).isEqualTo("starter");
    assertThat(storage.getStore()).isNull();
    assertThat(TaskRuns.beforeRun(thread)).isNull();
  }

  @Test
  void lambdasAreInstrumentedOnlyWhenTheAgentGaveThemAFieldAndTheJdkOnlyInItsConcurrencyClasses() {
    Runnable lambda = () -> {};
    assertThat(AgentSettings.isInstrumented(InstrumentedTask.class)).isTrue();
    assertThat(AgentSettings.isInstrumented(CarrierTask.class)).isTrue();
    assertThat(AgentSettings.isInstrumented(lambda.getClass())).isFalse();
    assertThat(AgentSettings.isInstrumentedName("java.util.concurrent.FutureTask")).isTrue();
    assertThat(AgentSettings.isInstrumentedName("java.lang.Thread")).isTrue();
    assertThat(AgentSettings.isInstrumentedName("jdk.internal.net.http.HttpClientImpl$Task")).isFalse();
  }

  @Test
  void nothingIsLeftOnTheThreadAfterASubmission() {
    InstrumentedTask task = task(true);
    storage.run("r", () -> submit(task, () -> submit(new Wrapper(() -> {}, task), false)));

    HandoffThread thread = HandoffThread.current();
    assertThat(thread.handingOver).isZero();
    assertThat(thread.submittedFrame).isNull();
    assertThat(thread.submitted).isNull();
    assertThat(thread.runCount).isZero();
  }
}

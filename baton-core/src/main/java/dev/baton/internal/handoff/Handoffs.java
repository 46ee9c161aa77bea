package dev.baton.internal.handoff;

import dev.baton.internal.diagnostics.Traces;
import dev.baton.internal.state.HookRegistry;
import dev.baton.internal.tasks.ContextCallable;
import dev.baton.internal.tasks.ContextRunnable;
import dev.baton.internal.tasks.TaskContexts;
import dev.baton.internal.util.Faults;
import dev.baton.internal.util.OwnThread;
import dev.baton.internal.util.Reports;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Context propagation by attaching the captured context to the task object itself, for the
 * agent's instrumentation: an executor's submission method calls {@link #onSubmit} and {@link
 * #afterSubmit}; the task's run is {@link TaskRuns}. Plain Java, so that it is tested without the
 * agent; what it captures and how it enters it is {@link TaskContexts}, as for the explicit
 * wrappers, and where it keeps it is {@link Attachments}.
 *
 * <p>The executor always receives the application's own object: lambdas and objects submitted
 * again while still pending included. Three rules make that hold without losing a context:
 *
 * <ul>
 *   <li>The outermost submission attaches. A submission nested in it (an executor delegating to
 *       another, {@code submit} calling {@code execute}) only marks its argument as a relay of
 *       the outer one.
 *   <li>A wrapper the executor creates for the task during the submission (a {@code FutureTask},
 *       a fork/join adapter) takes the task's attachment over ({@link #onWrapperCreated}): a
 *       wrapper that is cancelled, removed or dropped takes the context with it, and the
 *       application's object is left with nothing stale.
 *   <li>A relay's run does not enter the context: it records where the executor's run began, and
 *       when the submitted task runs inside it, a context the code in between set explicitly (an
 *       OpenTelemetry, Micrometer or Spring wrapper) is kept on top of the task's own.
 * </ul>
 */
public final class Handoffs {

  private Handoffs() {}

  /**
   * Called on entry of an executor's submission method: attaches the current context to {@code
   * task} and returns what the executor should receive: the task itself, except for tasks the
   * agent could not instrument (excluded classes, lambdas defined before the agent started), which
   * are wrapped.
   */
  public static Object onSubmit(Object task, boolean repeating) {
    return onSubmit(HandoffThread.current(), task, repeating);
  }

  /** As {@link #onSubmit(Object, boolean)}, on {@code thread}, the calling thread's state. */
  public static Object onSubmit(HandoffThread thread, Object task, boolean repeating) {
    if (thread.handingOver++ == 0
        && !repeating
        && task instanceof TaskCarrier
        && plainCaptures()
        && ((TaskCarrier) task).$baton$compareAndSet(null, thread.state.frame())) {
      // The common case, kept small enough to inline: a task with nothing pending takes the frame
      thread.submitted = task;
      thread.submittedAttached = true;
      thread.submittedPlainly = true;
      return task;
    }
    return thread.handingOver > 1 ? nestedSubmission(thread, task) : outermostSubmission(thread, task, repeating);
  }

  /** Whether a capture is the frame alone: no hook wants a resource, no trace a hop. */
  private static boolean plainCaptures() {
    return !HookRegistry.anyEnabled() && !Traces.isEnabled() && Faults.none();
  }

  private static Object nestedSubmission(HandoffThread thread, Object task) {
    if (thread.poolInternals > 0) {
      return task; // a pool starting its own lasting work (an event loop's run): no one's, no relay
    }
    if (task != null && thread.submittedFrame() != null && task != thread.submitted) {
      relay(task, thread);
    }
    return task;
  }

  private static Object outermostSubmission(HandoffThread thread, Object task, boolean repeating) {
    if (task == null) {
      return null;
    }
    try {
      if (task instanceof Collection) {
        attachAll(thread, (Collection<?>) task);
        return task;
      }
      return attach(thread, task, repeating);
    } catch (RuntimeException | LinkageError failure) {
      report("attach the context to", task, failure);
      return task;
    }
  }

  /**
   * Called on exit of an executor's submission method, normally or by throwing, with what {@link
   * #onSubmit} returned. A rejected task is detached again: it was never handed over, and running
   * it by hand later must not enter the context of a submission that failed.
   */
  public static void afterSubmit(Object submitted, Throwable thrown) {
    afterSubmit(HandoffThread.current(), submitted, thrown);
  }

  /** As {@link #afterSubmit(Object, Throwable)}, on {@code thread}, the calling thread's state. */
  public static void afterSubmit(HandoffThread thread, Object submitted, Throwable thrown) {
    if (--thread.handingOver > 0) {
      return;
    }
    Object[] frame = thread.submittedFrame();
    Object capture = thread.submittedCapture();
    thread.endSubmission();
    if (frame == null || submitted == null) {
      return;
    }
    try {
      if (submitted instanceof Collection) {
        // invokeAll and invokeAny return once they need no more of their tasks: what is still
        // attached was never handed over (invokeAny hands tasks over one at a time) or was cancelled
        for (Object task : (Collection<?>) submitted) {
          if (task != null) {
            drop(Attachments.removeMade(task, frame), thrown != null);
          }
        }
      } else if (thrown != null) {
        discard(Attachments.remove(submitted, capture));
      }
    } catch (RuntimeException | LinkageError failure) {
      report("detach the context from", submitted, failure);
    }
  }

  /**
   * Called when a task wrapper of the JDK's is created ({@code FutureTask}, the fork/join
   * adapters), with the task it wraps. Created during a submission, the wrapper is what the
   * executor queues and runs: it takes over what the submission attached to the task.
   */
  public static void onWrapperCreated(Object wrapper, Object task) {
    HandoffThread thread = HandoffThread.current();
    Object[] frame = thread.submittedFrame();
    if (thread.handingOver == 0 || frame == null || task == null) {
      return;
    }
    try {
      if (!thread.submittedAttached && !(Attachments.get(task) instanceof Attachments.Relay)) {
        return; // the task's context is an earlier submission's, which its own wrapper runs
      }
      Object attachment = Attachments.removeMade(task, frame);
      if (attachment != null) {
        // A wrapper around a wrapper (a completion service's future around the executor's) keeps
        // the innermost task: that is the one whose own pending contexts must be left alone
        boolean moved = attachment instanceof Attachments.Relay || attachment instanceof Attachments.Wrapped;
        Attachments.put(wrapper, moved ? attachment : new Attachments.Wrapped(attachment, task));
      }
    } catch (RuntimeException | LinkageError failure) {
      report("move the context to", wrapper, failure);
    }
  }

  /**
   * Called on entry of a {@code RejectedExecutionHandler}, with the task the executor refused.
   * What the handler does is a hand-off decision of its own: a task it submits again is attached
   * again, as an outermost submission. Returns what {@link #exitRejection} needs.
   */
  public static Object enterRejection(Object task) {
    return new Rejection(HandoffThread.current().suspendSubmission(), task);
  }

  /** A refused task, and the submission it was refused in, set aside while the handler runs. */
  private static final class Rejection {
    final HandoffThread.Submission submission;
    final Object task;

    Rejection(HandoffThread.Submission submission, Object task) {
      this.submission = submission;
      this.task = task;
    }
  }

  /**
   * Called on exit of a {@code RejectedExecutionHandler}, normally or by throwing: the thread is
   * back inside the refused submission, and the refused task is detached from it. A task the
   * handler ran (in the caller) has run in that context; one it discarded or kept for later keeps
   * nothing of it; one it submitted again keeps its new submission's.
   */
  public static void exitRejection(Object saved) {
    Rejection refused = (Rejection) saved;
    HandoffThread thread = HandoffThread.current();
    thread.resumeSubmission(refused.submission);
    Object task = refused.task;
    if (task == null || thread.submittedFrame == null) {
      return;
    }
    try {
      if (thread.submittedAttached || Attachments.get(task) instanceof Attachments.Relay) {
        drop(Attachments.removeMade(task, thread.submittedFrame), true);
      }
      if (thread.submitted != null && thread.submitted != task) {
        discard(Attachments.remove(thread.submitted, thread.submittedCapture));
      }
    } catch (RuntimeException | LinkageError failure) {
      report("detach the context from", task, failure);
    }
  }

  /**
   * Called on entry of {@code shutdownNow()}; returns whether it is the outermost one (an executor
   * that delegates its shutdown to another), which detaches the tasks returned.
   */
  public static boolean enterShutdownNow() {
    return HandoffThread.current().handingOver++ == 0;
  }

  /**
   * Called on exit of {@code shutdownNow()} with the tasks that never started: the executor gives
   * them back, and like a rejected or removed task they keep nothing of their submission; whoever
   * runs them now runs them in their own context.
   */
  public static void exitShutdownNow(boolean outermost, Object tasks) {
    HandoffThread.current().handingOver--;
    if (!outermost || !(tasks instanceof Collection)) {
      return;
    }
    for (Object task : (Collection<?>) tasks) {
      if (task != null) {
        onReturned(task);
      }
    }
  }

  private static void onReturned(Object task) {
    try {
      Object attachment = Attachments.get(task);
      drop(
          Attachments.isCapture(attachment) || attachment instanceof PendingRuns
              ? Attachments.removeOldest(task)
              : Attachments.clear(task), // a periodic task or an executor's object: it will not run
          false);
    } catch (RuntimeException | LinkageError failure) {
      report("detach the context from", task, failure);
    }
  }

  /**
   * Called when an executor removes a queued task ({@code ThreadPoolExecutor.remove}): it will not
   * run, and the context of its oldest pending submission goes with it.
   */
  public static void onRemoved(Object task) {
    onReturned(task);
  }

  /**
   * Called when a future is cancelled: its run will not run the task, so the context waiting on
   * it, or on the task it relays, is dropped.
   */
  public static void onCancelled(Object future) {
    try {
      drop(Attachments.clear(future), false);
    } catch (RuntimeException | LinkageError failure) {
      report("detach the context from", future, failure);
    }
  }

  /**
   * Ends an attachment whose run will never come. A refused submission never happened, and its
   * task's resource is destroyed at once; the resource of a task that was cancelled, removed or
   * given back is destroyed after collection, as that of any task that never runs.
   */
  private static void drop(Object attachment, boolean refused) {
    if (attachment == null) {
      return;
    }
    if (attachment instanceof Attachments.Relay) {
      Object captured = removeRelayed((Attachments.Relay) attachment);
      if (refused) {
        discard(captured);
      }
    } else if (attachment instanceof Attachments.Wrapped) {
      drop(((Attachments.Wrapped) attachment).attachment, refused);
    } else if (refused && attachment instanceof List) {
      for (Object captured : (List<?>) attachment) {
        discard(captured);
      }
    } else if (refused) {
      discard(Attachments.capturedIn(attachment));
    }
  }

  /** Removes from a relay's task the context of the relay's submission, and returns it. */
  private static Object removeRelayed(Attachments.Relay relay) {
    return relay.target == null ? null : Attachments.removeMade(relay.target, relay.frame);
  }

  private static void discard(Object captured) {
    if (captured != null) {
      TaskContexts.discard(captured);
    }
  }

  /**
   * Called on entry of a method that starts threads or forks work without being a submission
   * itself (a pool growing its core threads): threads started inside it are the pool's own.
   */
  public static void enterPoolInternals() {
    HandoffThread thread = HandoffThread.current();
    thread.handingOver++;
    thread.poolInternals++;
  }

  /** Pairs {@link #enterPoolInternals()}. */
  public static void exitPoolInternals() {
    HandoffThread thread = HandoffThread.current();
    thread.handingOver--;
    thread.poolInternals--;
  }

  /** Attaches the current context to {@code task}, to be consumed by its next run. */
  public static void attachOnce(Object task) {
    try {
      Object captured = TaskContexts.capture(TaskContexts.TASK);
      if (!Attachments.addOnce(task, captured)) {
        TaskContexts.discard(captured);
      }
    } catch (RuntimeException | LinkageError failure) {
      report("attach the context to", task, failure);
    }
  }

  /**
   * Attaches the current context to a periodic task, for all its runs, unless it has one already.
   */
  public static void attachRepeating(Object task) {
    attachForEveryRun(task, TaskContexts.PERIODIC_TASK);
  }

  /**
   * Attaches the current context to a dependent {@code CompletableFuture} stage as it is
   * registered: the stage's function runs in the registering code's context, as a promise's
   * {@code then} callback does in Node, whichever thread completes the source.
   */
  public static void attachStage(Object stage) {
    attachForEveryRun(stage, TaskContexts.STAGE);
  }

  private static void attachForEveryRun(Object task, String type) {
    try {
      Object captured = TaskContexts.captureRepeating(type);
      if (!Attachments.addRepeating(task, captured)) {
        TaskContexts.discard(captured);
      }
    } catch (RuntimeException | LinkageError failure) {
      report("attach the context to", task, failure);
    }
  }

  /**
   * Called on entry of {@code Thread.start()}: the new thread runs in the starter's context,
   * unless a pool is starting one of its own threads, which must not keep its first user's
   * context.
   */
  public static void onThreadStart(Thread thread) {
    if (HandoffThread.current().handingOver > 0 || isPoolThread(thread)) {
      return;
    }
    try {
      Attachments.addOnce(thread, TaskContexts.capture(TaskContexts.THREAD));
    } catch (RuntimeException | LinkageError failure) {
      report("attach the context to", thread, failure);
    }
  }

  private static boolean isPoolThread(Thread thread) {
    if (thread instanceof ForkJoinWorkerThread || thread instanceof OwnThread) {
      return true;
    }
    for (Class<?> type = thread.getClass(); type != Thread.class && type != null; type = type.getSuperclass()) {
      if (type.getName().equals("java.util.TimerThread") || AgentSettings.isBackground(type.getName())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code object} already carries a context to where it runs: Baton hands it over. */
  public static boolean carriesContext(Object object) {
    return carriesItsOwnContext(object) || Attachments.get(object) != null;
  }

  /**
   * Instrumented code must never fail because of Baton: the work goes on without its context, and
   * the reason is reported (thinned out, never dropped).
   */
  static void report(String action, Object task, Throwable failure) {
    Reports.BATON.report("could not " + action + " " + task.getClass().getName(), "it runs without it: " + failure);
  }

  private static Object attach(HandoffThread thread, Object task, boolean repeating) {
    if (carriesItsOwnContext(task) || repeating && AgentSettings.isBackground(task.getClass().getName())) {
      return task;
    }
    if (!(task instanceof TaskCarrier || task instanceof ForkJoinTask || AgentSettings.isInstrumented(task.getClass()))) {
      return wrap(task, repeating);
    }
    Object captured =
        TaskContexts.capture(thread.state, repeating ? TaskContexts.PERIODIC_TASK : TaskContexts.TASK, !repeating);
    boolean attached =
        repeating ? Attachments.addRepeating(task, captured) : Attachments.addOnce(task, captured);
    Object[] frame = TaskContexts.frameOf(captured);
    if (!attached) {
      // A stage or periodic task keeps the context it was registered in: wrappers created now
      // relay that one, and take nothing over
      TaskContexts.discard(captured);
      frame = Attachments.frameOf(Attachments.get(task));
      if (frame == null) {
        return task;
      }
    }
    thread.submittedFrame = frame;
    thread.submitted = task;
    thread.submittedCapture = attached && !repeating ? captured : null;
    thread.submittedAttached = attached;
    return task;
  }

  private static void attachAll(HandoffThread thread, Collection<?> tasks) {
    for (Object task : tasks) {
      if (task != null && !carriesItsOwnContext(task)) {
        Object captured = TaskContexts.capture(TaskContexts.TASK);
        if (!Attachments.addOnce(task, captured)) {
          TaskContexts.discard(captured);
        }
      }
    }
    thread.submittedFrame = thread.state.frame();
    thread.submittedAttached = true;
  }

  private static void relay(Object task, HandoffThread thread) {
    try {
      if (!carriesItsOwnContext(task)) {
        Attachments.addRelay(task, thread.submittedFrame(), thread.submitted);
      }
    } catch (RuntimeException | LinkageError failure) {
      report("relay the context through", task, failure);
    }
  }

  /**
   * Baton's own wrappers already run in the context they were created in; the virtual-thread
   * scheduler's continuations belong to no one (a virtual thread's context lives on the virtual
   * thread itself).
   */
  private static boolean carriesItsOwnContext(Object task) {
    return task instanceof ContextRunnable
        || task instanceof ContextCallable
        || !(task instanceof TaskCarrier) && task.getClass().getName().startsWith("java.lang.VirtualThread");
  }

  private static Object wrap(Object task, boolean repeating) {
    Object captured =
        repeating
            ? TaskContexts.captureRepeating(TaskContexts.PERIODIC_TASK)
            : TaskContexts.capture(TaskContexts.TASK);
    if (task instanceof Runnable) {
      return new ContextRunnable(captured, (Runnable) task);
    }
    if (task instanceof Callable) {
      return new ContextCallable<>(captured, (Callable<?>) task);
    }
    return task;
  }
}

package dev.baton.internal.handoff;

import dev.baton.internal.diagnostics.Diagnosis;
import dev.baton.internal.diagnostics.Traces;
import dev.baton.internal.state.Frame;
import dev.baton.internal.tasks.TaskContexts;
import dev.baton.internal.util.Faults;
import java.util.Arrays;
import java.util.concurrent.Future;

/**
 * The run of a task handed over by {@link Handoffs}: the agent's instrumentation of every run
 * method calls {@link #beforeRun} on entry and {@link #afterRun} on exit. A run enters the context
 * attached to its task, if any, and leaves it afterwards, whatever the run threw.
 *
 * <p>The run of an executor's own object (a relay, or a wrapper such as a {@code FutureTask}) is
 * recorded on the thread's stack of {@link RunRecord}s, so that the task it runs finds it: a
 * wrapper's task does not enter its context twice, and a task inside a relay keeps what the code
 * in between set explicitly.
 */
public final class TaskRuns {

  /** What {@link #beforeRun} returns for the run of a relay, for {@link #afterRun}. */
  private static final Object RELAY = new Object();

  private TaskRuns() {}

  /**
   * Called on entry of a task's run: enters the context attached to {@code task}, if any, and
   * returns what {@link #afterRun} needs to leave it, or null when there is nothing to leave.
   */
  public static Object beforeRun(Object task) {
    return attachment(task) == null ? null : beforeRun(HandoffThread.current(), task);
  }

  /** What is attached to {@code task}; null for most runs, which then cost nothing more. */
  private static Object attachment(Object task) {
    return Attachments.get(task);
  }

  /**
   * Whether a run on {@code thread} may take a plain frame attached to its task and enter it
   * itself: no executor's wrapper or relay is running on the thread, and strict mode is off.
   * Otherwise the run goes through {@link #beforeRun(HandoffThread, Object)}.
   */
  public static boolean plainRun(HandoffThread thread) {
    return thread.runCount == 0 && thread.handingOver == 0 && !Diagnosis.isStrict() && Faults.none();
  }

  /** Enters {@code frame}, taken from the task by its run; returns what to put back. */
  public static Object enterTaken(HandoffThread thread, Object[] frame) {
    Object[] saved = thread.state.frame();
    thread.state.enter(frame);
    return saved;
  }

  /**
   * As {@link #beforeRun(Object)}, on {@code thread}, the calling thread's state, for a task with
   * an attachment.
   */
  public static Object beforeRun(HandoffThread thread, Object task) {
    if (thread.handingOver == 0) {
      return enterRun(thread, task);
    }
    // The task runs inside an executor's submission method (a same-thread executor, Guava's
    // directExecutor()): what it submits and starts is its own, not the executor's
    InlineRun inline = new InlineRun(thread.suspendSubmission());
    inline.saved = enterRun(thread, task);
    return inline;
  }

  /** A run inside a submission: what it entered and the submission it suspended. */
  private static final class InlineRun {
    final HandoffThread.Submission submission;
    Object saved;

    InlineRun(HandoffThread.Submission submission) {
      this.submission = submission;
    }
  }

  private static Object enterRun(HandoffThread thread, Object task) {
    try {
      Faults.at(Faults.RUN);
      RunRecord top = top(thread);
      if (top != null && top.entered && top.awaits(task)) {
        // The executor's wrapper around this task entered its context already; what is attached
        // to the task itself belongs to other pending submissions of it
        top.targetRan = true;
        return null;
      }
      Object attachment = Attachments.take(task);
      if (attachment == null) {
        return null;
      }
      if (attachment instanceof Attachments.Relay) {
        Attachments.Relay relay = (Attachments.Relay) attachment;
        return push(thread, task, relay.frame, relay.target, false, thread.state.frame()) ? RELAY : null;
      }
      if (attachment instanceof Attachments.Wrapped) {
        Attachments.Wrapped wrapped = (Attachments.Wrapped) attachment;
        Object captured = Attachments.capturedIn(wrapped.attachment);
        Object saved =
            TaskContexts.enter(thread.state, captured, explicitlyChanged(thread, top, captured, wrapped.target));
        push(thread, task, TaskContexts.frameOf(captured), wrapped.target, true, null);
        return saved;
      }
      Object captured = Attachments.capturedIn(attachment);
      return TaskContexts.enter(thread.state, captured, explicitlyChanged(thread, top, captured, task));
    } catch (RuntimeException | LinkageError failure) {
      Handoffs.report("enter the context of", task, failure);
      return null;
    }
  }

  /**
   * Called on exit of a task's run, normally or by throwing, with what {@link #beforeRun} returned
   * and what the run threw.
   */
  public static void afterRun(Object task, Object saved, Throwable thrown) {
    if (saved != null) {
      afterRun(HandoffThread.current(), task, saved, thrown);
    }
  }

  /**
   * As {@link #afterRun(Object, Object, Throwable)}, on {@code thread}, the calling thread's
   * state, with what {@link #beforeRun(HandoffThread, Object)} returned when it was not null.
   */
  public static void afterRun(HandoffThread thread, Object task, Object saved, Throwable thrown) {
    if (thrown == null && saved instanceof Object[] && thread.runCount == 0) {
      thread.state.enter((Object[]) saved); // the common case, kept small enough to inline
      return;
    }
    if (saved instanceof InlineRun) {
      InlineRun inline = (InlineRun) saved;
      if (inline.saved != null) {
        leaveRun(thread, task, inline.saved, thrown);
      }
      thread.resumeSubmission(inline.submission);
      return;
    }
    leaveRun(thread, task, saved, thrown);
  }

  private static void leaveRun(HandoffThread thread, Object task, Object saved, Throwable thrown) {
    RunRecord top = top(thread);
    if (top != null && top.owner == task) {
      pop(thread, top, task);
    }
    if (saved == RELAY) {
      return;
    }
    if (thrown != null) {
      try {
        Traces.onEscape(thrown);
      } catch (RuntimeException | LinkageError failure) {
        Handoffs.report("trace", thrown, failure);
      }
    }
    TaskContexts.exit(thread.state, saved);
  }

  /** The innermost run of an executor's object on {@code thread}, or null. */
  private static RunRecord top(HandoffThread thread) {
    return thread.runCount == 0 ? null : thread.runs[thread.runCount - 1];
  }

  /**
   * Records that the run of an executor's object (a relay or a wrapper) begins; false when a relay
   * only continues the one it runs in (a wrapper inside a wrapper of one submission).
   */
  private static boolean push(
      HandoffThread thread, Object owner, Object[] frame, Object target, boolean entered, Object[] began) {
    RunRecord top = top(thread);
    if (!entered && top != null && top.frame == frame && top.awaits(target)) {
      return false;
    }
    RunRecord[] runs = thread.runs;
    if (thread.runCount == runs.length) {
      runs = thread.runs = Arrays.copyOf(runs, runs.length * 2);
    }
    RunRecord next = runs[thread.runCount];
    if (next == null) {
      next = runs[thread.runCount] = new RunRecord();
    }
    next.set(owner, frame, target, entered, began);
    thread.runCount++;
    return true;
  }

  /**
   * Ends the record of an executor's object. When its task did not run inside it and it is a
   * future that is done (cancelled), the task's context of that submission will never be entered:
   * it is dropped.
   */
  private static void pop(HandoffThread thread, RunRecord top, Object owner) {
    Object[] frame = top.frame;
    Object target = top.target;
    boolean targetRan = top.targetRan;
    boolean relay = !top.entered;
    top.clear();
    thread.runCount--;
    if (!relay) {
      return;
    }
    try {
      // A future not done runs again for the same submission (a periodic task): its relay stays
      boolean future = owner instanceof Future;
      boolean done = future && ((Future<?>) owner).isDone();
      if (!future || done) {
        Attachments.removeRelay(owner, frame);
      }
      if (done && target != null && !targetRan) {
        Attachments.removeMade(target, frame);
      }
    } catch (RuntimeException | LinkageError failure) {
      Handoffs.report("detach the context from", owner, failure);
    }
  }

  /**
   * When {@code task} runs inside the run of a relay of its own submission and the code in between
   * changed the context (an explicit wrapper made its own context current), returns the task's
   * context with those changes: the explicit wrapper wins for what it set. Otherwise null.
   */
  private static Object[] explicitlyChanged(HandoffThread thread, RunRecord top, Object captured, Object task) {
    if (top == null) {
      return null;
    }
    Object[] frame = TaskContexts.frameOf(captured);
    if (top.entered || top.frame != frame || top.targetRan || top.target != null && top.target != task) {
      return null;
    }
    top.targetRan = true;
    return thread.state.frame() == top.began ? null : Frame.rebase(frame, top.began, thread.state.frame());
  }
}

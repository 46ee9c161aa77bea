package dev.baton.internal.tasks;

import dev.baton.internal.diagnostics.Diagnosis;
import dev.baton.internal.diagnostics.Strictness;
import dev.baton.internal.diagnostics.Traces;
import dev.baton.internal.state.HookRegistry;
import dev.baton.internal.state.ThreadState;
import dev.baton.internal.state.TraceHop;
import dev.baton.internal.util.Faults;

/**
 * What a task carries from the moment it is handed over to the moment it runs, and the switch
 * into and out of it. The explicit wrappers and the agent's instrumentation both go through here,
 * so that they behave the same.
 *
 * <p>With no hook enabled, what a task carries is the submitter's frame itself: capture is one
 * reference read and allocates nothing. With a hook enabled it is a {@link TaskResource}, so that
 * the task is an async resource like any other.
 */
public final class TaskContexts {

  /** The type of tasks handed to an executor. */
  public static final String TASK = "Task";

  /** The type of tasks that run periodically. */
  public static final String PERIODIC_TASK = "PeriodicTask";

  /** The type of threads started in a context. */
  public static final String THREAD = "Thread";

  /** The type of dependent {@code CompletableFuture} stages. */
  public static final String STAGE = "CompletionStage";

  private TaskContexts() {}

  /** Captures the current context for a task that runs once. */
  public static Object capture(String type) {
    return capture(ThreadState.current(), type, true);
  }

  /** Captures the current context for a task that runs any number of times. */
  public static Object captureRepeating(String type) {
    return capture(ThreadState.current(), type, false);
  }

  /** Captures {@code thread}'s current context, for a task that runs once or any number of times. */
  public static Object capture(ThreadState thread, String type, boolean once) {
    Faults.at(Faults.SUBMIT);
    Object[] frame = thread.frame();
    Object captured = HookRegistry.anyEnabled() ? new TaskResource(type, frame, once) : frame;
    return Traces.isEnabled() ? Traces.capture(captured, type) : captured;
  }

  /** The frame {@code captured}, a value of {@link #capture}, holds. */
  public static Object[] frameOf(Object captured) {
    if (captured instanceof Object[]) {
      return (Object[]) captured;
    }
    if (captured instanceof Traces.Traced) {
      return frameOf(((Traces.Traced) captured).captured);
    }
    return ((TaskResource) captured).frame;
  }

  /**
   * Ends what {@code captured}, a value of {@link #capture}, stands for when its task will never
   * run: a task resource is destroyed now rather than after collection.
   */
  public static void discard(Object captured) {
    if (captured instanceof Traces.Traced) {
      captured = ((Traces.Traced) captured).captured;
    }
    if (captured instanceof TaskResource) {
      ((TaskResource) captured).destroyOnce();
    }
  }

  /**
   * Switches the current thread into {@code captured}, a value of {@link #capture}; returns what
   * {@link #exit} needs to switch back.
   */
  public static Object enter(Object captured) {
    return enter(ThreadState.current(), captured, null);
  }

  /**
   * As {@link #enter(Object)}, entering {@code frame} instead of the captured frame when it is not
   * null (the captured frame with what a wrapper around the task set explicitly).
   */
  public static Object enter(ThreadState thread, Object captured, Object[] frame) {
    if (Diagnosis.isStrict()) {
      return Diagnosed.enter(thread, captured, frame);
    }
    if (captured instanceof Object[]) {
      Object[] saved = thread.frame();
      thread.enter(frame != null ? frame : (Object[]) captured);
      return saved;
    }
    if (captured instanceof Traces.Traced) {
      return Diagnosed.enter(thread, captured, frame);
    }
    return enterResource(thread, (TaskResource) captured, frame);
  }

  private static Object enterResource(ThreadState thread, TaskResource task, Object[] frame) {
    Object saved = new SavedScope(thread.frame(), thread.resource(), task);
    thread.enterScope(frame != null ? frame : task.frame, task);
    HookRegistry.before(task.asyncId());
    return saved;
  }

  /** Switches the current thread back to what it was before the {@link #enter} returning {@code saved}. */
  public static void exit(Object saved) {
    exit(ThreadState.current(), saved);
  }

  /** As {@link #exit(Object)}, on {@code thread}, the calling thread's state. */
  public static void exit(ThreadState thread, Object saved) {
    if (saved instanceof Object[]) {
      thread.enter((Object[]) saved);
      return;
    }
    if (saved instanceof Diagnosed) {
      ((Diagnosed) saved).exit(thread);
      return;
    }
    exitResource(thread, (SavedScope) saved);
  }

  private static void exitResource(ThreadState thread, SavedScope scope) {
    HookRegistry.after(scope.task.asyncId());
    thread.enterScope(scope.frame, scope.resource);
    if (scope.task.once) {
      scope.task.destroyOnce();
    }
  }

  /**
   * What a task entered with diagnostics on leaves behind: what to restore, the frame the task
   * started in (strict mode checks it is the one it ends in), and the hop it replaced.
   */
  private static final class Diagnosed {
    final Object saved;
    final Object[] entered;
    final TraceHop savedHop;
    final boolean strict;

    private Diagnosed(Object saved, Object[] entered, TraceHop savedHop, boolean strict) {
      this.saved = saved;
      this.entered = entered;
      this.savedHop = savedHop;
      this.strict = strict;
    }

    static Diagnosed enter(ThreadState thread, Object captured, Object[] frame) {
      TraceHop savedHop = thread.hop();
      Object inner = captured;
      if (captured instanceof Traces.Traced) {
        Traces.Traced traced = (Traces.Traced) captured;
        inner = traced.captured;
        thread.hop(traced.hop);
      }
      Object[] own = thread.frame();
      boolean strict = Diagnosis.isStrict();
      if (strict) {
        try {
          Strictness.onTaskStart(thread, own);
        } catch (RuntimeException | LinkageError failure) {
          Diagnosis.failed("strict mode", failure);
        }
      }
      Object saved;
      if (inner instanceof Object[]) {
        saved = own;
        thread.enter(frame != null ? frame : (Object[]) inner);
      } else {
        saved = enterResource(thread, (TaskResource) inner, frame);
      }
      return new Diagnosed(saved, thread.frame(), savedHop, strict);
    }

    void exit(ThreadState thread) {
      try {
        if (strict) {
          Strictness.onTaskEnd(thread, entered);
        }
      } catch (RuntimeException | LinkageError failure) {
        Diagnosis.failed("strict mode", failure);
      } finally {
        thread.hop(savedHop);
        if (saved instanceof Object[]) {
          thread.enter((Object[]) saved);
        } else {
          exitResource(thread, (SavedScope) saved);
        }
      }
    }
  }

  /** The thread's frame and scope before a task with a resource ran. */
  private static final class SavedScope {
    final Object[] frame;
    final Object resource;
    final TaskResource task;

    SavedScope(Object[] frame, Object resource, TaskResource task) {
      this.frame = frame;
      this.resource = resource;
      this.task = task;
    }
  }
}

package dev.baton.agent;

import dev.baton.Scope;
import dev.baton.Snapshot;
import dev.baton.internal.handoff.FutureListeners;
import dev.baton.internal.handoff.HandoffThread;
import dev.baton.internal.handoff.Handoffs;
import dev.baton.internal.handoff.ListenerExecutors;
import dev.baton.internal.handoff.TaskRuns;
import java.util.concurrent.Executor;

/**
 * What the instrumented classes call: each {@link Hook} is a few static calls here. <strong>Not a
 * public API</strong>; public only because classes of every loader and module call it.
 *
 * <p>No method here throws, whatever fails inside: the application's call goes on as if it were
 * not instrumented (an argument a hook would replace stays as it was, and a hook's result is
 * null). Baton's core reports its own failures, thinned; an error past that (out of memory, a
 * stack overflow) is dropped here.
 */
public final class Hooks {

  private Hooks() {}

  /** The submitting thread's state, for {@link #submit} and {@link #afterSubmit}. */
  public static Object submitter() {
    try {
      return HandoffThread.current();
    } catch (Throwable dropped) {
      return null;
    }
  }

  /** A task being submitted: returns the task to hand over in its place (often itself). */
  public static Object submit(Object submitter, Object task, boolean repeating) {
    try {
      return submitter == null ? task : Handoffs.onSubmit((HandoffThread) submitter, task, repeating);
    } catch (Throwable dropped) {
      return task;
    }
  }

  /** The end of a submission, with what the submission method threw. */
  public static void afterSubmit(Object submitter, Object submitted, Throwable thrown) {
    try {
      if (submitter != null) {
        Handoffs.afterSubmit((HandoffThread) submitter, submitted, thrown);
      }
    } catch (Throwable dropped) {
      // the submission stands
    }
  }

  /**
   * A task's run begins, the task not carrying a field of its own: enters the context attached to
   * it; returns what {@link #runExit} needs to leave it, null when nothing is attached.
   */
  public static Object runEnter(Object task) {
    try {
      return TaskRuns.beforeRun(task);
    } catch (Throwable dropped) {
      return null;
    }
  }

  /** The running thread's state, for a run whose task has something attached. */
  public static Object runThread() {
    try {
      return HandoffThread.current();
    } catch (Throwable dropped) {
      return null;
    }
  }

  /**
   * Whether the run may take {@code attachment} from its task's field and enter it itself: a
   * plain frame, and nothing on the thread that the run must go through {@link #beforeRun} for.
   */
  public static boolean takesFrame(Object thread, Object attachment) {
    try {
      return thread != null && attachment instanceof Object[] && TaskRuns.plainRun((HandoffThread) thread);
    } catch (Throwable dropped) {
      return false;
    }
  }

  /** Enters {@code frame}, taken from the running task: returns what {@link #runExit} needs. */
  public static Object enterTaken(Object thread, Object frame) {
    try {
      return TaskRuns.enterTaken((HandoffThread) thread, (Object[]) frame);
    } catch (Throwable dropped) {
      return null;
    }
  }

  /** Enters the context attached to {@code task}: returns what {@link #runExit} needs. */
  public static Object beforeRun(Object thread, Object task) {
    try {
      return thread == null ? null : TaskRuns.beforeRun((HandoffThread) thread, task);
    } catch (Throwable dropped) {
      return null;
    }
  }

  /**
   * A task's run ends, normally or by throwing {@code thrown}: leaves what was entered ({@code
   * saved}, on {@code thread} when known already).
   */
  public static void runExit(Object thread, Object task, Object saved, Throwable thrown) {
    try {
      if (saved != null) {
        TaskRuns.afterRun(thread != null ? (HandoffThread) thread : HandoffThread.current(), task, saved, thrown);
      }
    } catch (Throwable dropped) {
      // the run's own outcome stands
    }
  }

  /** A fork/join task forked, or a timer task scheduled once: it runs in the current context. */
  public static void attachOnce(Object task) {
    try {
      Handoffs.attachOnce(task);
    } catch (Throwable dropped) {
      // the task runs, without the context
    }
  }

  /** A timer task scheduled: once when {@code period} is zero, for every run otherwise. */
  public static void timerSchedule(Object task, long period) {
    try {
      if (period == 0) {
        Handoffs.attachOnce(task);
      } else {
        Handoffs.attachRepeating(task);
      }
    } catch (Throwable dropped) {
      // the task runs, without the context
    }
  }

  /** A {@code FutureTask}'s {@code cancel} returned {@code cancelled}. */
  public static void cancelled(Object future, boolean cancelled) {
    try {
      if (cancelled) {
        Handoffs.onCancelled(future);
      }
    } catch (Throwable dropped) {
      // the cancellation stands
    }
  }

  /** {@code ThreadPoolExecutor.remove(task)} returned {@code removed}. */
  public static void removed(Object task, boolean removed) {
    try {
      if (removed) {
        Handoffs.onRemoved(task);
      }
    } catch (Throwable dropped) {
      // the removal stands
    }
  }

  /** A wrapper ({@code FutureTask}, a fork/join adapter) created around {@code task}. */
  public static void wrapperCreated(Object wrapper, Object task) {
    try {
      Handoffs.onWrapperCreated(wrapper, task);
    } catch (Throwable dropped) {
      // the wrapper runs its task, without the context
    }
  }

  /** A dependent {@code CompletableFuture} stage created. */
  public static void stageCreated(Object stage) {
    try {
      Handoffs.attachStage(stage);
    } catch (Throwable dropped) {
      // the stage runs, without the context
    }
  }

  /** {@code Thread.start()} called on {@code thread}. */
  public static void threadStart(Object thread) {
    try {
      Handoffs.onThreadStart((Thread) thread);
    } catch (Throwable dropped) {
      // the thread starts, without the context
    }
  }

  /** A pool's own work begins (a worker added, a housekeeper started): in no one's context. */
  public static void enterPoolInternals() {
    try {
      Handoffs.enterPoolInternals();
    } catch (Throwable dropped) {
      // the pool's work goes on
    }
  }

  /** The end of what {@link #enterPoolInternals} began. */
  public static void exitPoolInternals() {
    try {
      Handoffs.exitPoolInternals();
    } catch (Throwable dropped) {
      // the pool's work goes on
    }
  }

  /** A method that runs in no one's context begins: returns what {@link #exitNoContext} closes. */
  public static Object enterNoContext() {
    try {
      return Snapshot.empty().enter();
    } catch (Throwable dropped) {
      return null;
    }
  }

  /** The end of what {@link #enterNoContext} began. */
  public static void exitNoContext(Object scope) {
    try {
      if (scope != null) {
        ((Scope) scope).close();
      }
    } catch (Throwable dropped) {
      // the method's own outcome stands
    }
  }

  /** A rejection handler deciding about {@code task}: returns what {@link #exitRejection} needs. */
  public static Object enterRejection(Object task) {
    try {
      return Handoffs.enterRejection(task);
    } catch (Throwable dropped) {
      return null;
    }
  }

  /** The end of what {@link #enterRejection} began. */
  public static void exitRejection(Object saved) {
    try {
      Handoffs.exitRejection(saved);
    } catch (Throwable dropped) {
      // the handler's decision stands
    }
  }

  /** {@code shutdownNow()} begins: whether it is the outermost on this thread. */
  public static boolean enterShutdownNow() {
    try {
      return Handoffs.enterShutdownNow();
    } catch (Throwable dropped) {
      return false;
    }
  }

  /** {@code shutdownNow()} returned {@code tasks} (null when it threw). */
  public static void exitShutdownNow(boolean outermost, Object tasks) {
    try {
      Handoffs.exitShutdownNow(outermost, tasks);
    } catch (Throwable dropped) {
      // the tasks are returned as they are
    }
  }

  /** A Guava listener's executor: returns the executor that hands it over in the current context. */
  public static Object listenerExecutor(Object executor) {
    try {
      return ListenerExecutors.inRegisteringContext((Executor) executor);
    } catch (Throwable dropped) {
      return executor;
    }
  }

  /** A listener added to a future that calls its listeners itself (Netty, Vert.x). */
  public static void listenerAdded(Object future, Object listener) {
    try {
      FutureListeners.onAdded(future, listener);
    } catch (Throwable dropped) {
      // the listener is added, without the context
    }
  }

  /** A listener removed from such a future before its call. */
  public static void listenerRemoved(Object future, Object listener) {
    try {
      FutureListeners.onRemoved(future, listener);
    } catch (Throwable dropped) {
      // the listener is removed
    }
  }

  /** Netty calling a listener of {@code future}: returns what {@link #afterListenerCall} needs. */
  public static Object beforeListenerCall(Object future, Object listener) {
    try {
      return FutureListeners.beforeCall(future, listener);
    } catch (Throwable dropped) {
      return null;
    }
  }

  /** Netty telling a progress listener of progress: returns what {@link #afterListenerCall} needs. */
  public static Object beforeProgress(Object future, Object listener) {
    try {
      return FutureListeners.beforeProgress(future, listener);
    } catch (Throwable dropped) {
      return null;
    }
  }

  /** A Vert.x listener called: returns what {@link #afterListenerCall} needs. */
  public static Object beforeListenerCall(Object listener) {
    try {
      return FutureListeners.beforeCall(listener);
    } catch (Throwable dropped) {
      return null;
    }
  }

  /** The end of a listener's call. */
  public static void afterListenerCall(Object saved) {
    try {
      FutureListeners.afterCall(saved);
    } catch (Throwable dropped) {
      // the listener's own outcome stands
    }
  }

  /** A Vert.x future calling its listeners: returns what {@link #exitCompleting} needs. */
  public static Object enterCompleting(Object future) {
    try {
      return FutureListeners.enterCompleting(future);
    } catch (Throwable dropped) {
      return null;
    }
  }

  /** The end of what {@link #enterCompleting} began. */
  public static void exitCompleting(Object outer) {
    try {
      FutureListeners.exitCompleting(outer);
    } catch (Throwable dropped) {
      // the emission's own outcome stands
    }
  }
}

package dev.baton.internal.handoff;

import dev.baton.internal.state.WeakIdentityTable;
import dev.baton.internal.tasks.TaskContexts;
import dev.baton.internal.util.Faults;
import dev.baton.internal.util.Reports;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * Listeners that a future calls itself when it completes (Netty's {@code Future.addListener}):
 * each runs as Node runs a promise's {@code then} callback, in the context of the code that added
 * it, whichever thread completes the future. The listener object is never wrapped, as the future
 * compares listeners by identity to remove them and by type to find progress listeners; the
 * context of each addition waits beside it, per future, and the call of that listener for that
 * future takes it.
 *
 * <p>One listener object may be added to many futures (Netty's {@code ChannelFutureListener.CLOSE}
 * is one object for every channel), and to one future more than once: each addition is its own
 * entry, taken by that future's calls of that listener in the order they were added.
 *
 * <p>Netty passes the future to the static method that calls each listener. Vert.x calls a
 * listener with the value alone, sometimes through a list of listeners that is itself a listener:
 * there the future's methods that emit its result say which future is completing on this thread
 * ({@link #enterCompleting}), and each listener's call looks its addition up under that future.
 *
 * <p>The entries of a future are dropped as its listeners are called or removed, and with the future
 * once it is collected, also when it never completes.
 */
public final class FutureListeners {

  /** The type of a listener's async resource, for hooks. */
  public static final String TYPE = "FutureListener";

  /**
   * Per future with listeners still to call: {@code [listener, captured, listener, captured...]},
   * replaced as a whole, as additions, removals and calls may race. Listeners are held weakly: one
   * often refers to its future (a lambda that reads it), and the table holds its keys weakly only as
   * long as its values do not refer to them; the future itself holds its listeners strongly, so a
   * listener goes only with its future.
   */
  private static final WeakIdentityTable PENDING = new WeakIdentityTable();

  private FutureListeners() {}

  /** {@code listener} was added to {@code future}: its call will run in the calling code's context. */
  public static void onAdded(Object future, Object listener) {
    if (future == null || listener == null) {
      return; // the future's own argument check reports it
    }
    try {
      add(future, listener);
    } catch (RuntimeException | LinkageError failure) {
      report("keep the context of a listener added to", future, failure);
    }
  }

  private static void add(Object future, Object listener) {
    Faults.at(Faults.LISTENER_ADDED);
    Object captured = TaskContexts.capture(TYPE);
    Reference<Object> held = new WeakReference<>(listener);
    while (true) {
      Object[] current = (Object[]) PENDING.get(future);
      Object[] next;
      if (current == null) {
        next = new Object[] {held, captured};
      } else {
        next = Arrays.copyOf(current, current.length + 2);
        next[current.length] = held;
        next[current.length + 1] = captured;
      }
      if (PENDING.compareAndSet(future, current, next)) {
        return;
      }
    }
  }

  /** {@code listener} was removed from {@code future} before its call: its first addition ends. */
  public static void onRemoved(Object future, Object listener) {
    try {
      Object captured = take(future, listener);
      if (captured != null) {
        TaskContexts.discard(captured);
      }
    } catch (RuntimeException | LinkageError failure) {
      report("forget the context of a listener removed from", future, failure);
    }
  }

  /**
   * {@code future} is calling {@code listener}: enters the context of that listener's first
   * pending addition to it, and returns what {@link #afterCall} needs to leave it; null when there
   * is none (a listener added before the agent started), and the call then runs as it would.
   */
  public static Object beforeCall(Object future, Object listener) {
    try {
      Faults.at(Faults.LISTENER_CALL);
      Object captured = take(future, listener);
      return captured == null ? null : TaskContexts.enter(captured);
    } catch (RuntimeException | LinkageError failure) {
      report("enter the context of a listener of", future, failure);
      return null;
    }
  }

  /** The call that {@link #beforeCall} prepared returned or threw: the thread is back in its context. */
  public static void afterCall(Object saved) {
    if (saved != null) {
      try {
        TaskContexts.exit(saved);
      } catch (RuntimeException | LinkageError failure) {
        report("leave the context of a listener of", saved, failure);
      }
    }
  }

  /**
   * As {@link #beforeCall(Object, Object)} for a progress notification, which may come any number
   * of times before the call: enters the frame of the listener's first pending addition without
   * taking it.
   */
  public static Object beforeProgress(Object future, Object listener) {
    try {
      Object[] registrations = future == null ? null : (Object[]) PENDING.get(future);
      int at = registrations == null ? -1 : indexOf(registrations, listener);
      return at < 0 ? null : TaskContexts.enter(TaskContexts.frameOf(registrations[at + 1]));
    } catch (RuntimeException | LinkageError failure) {
      report("enter the context of a progress listener of", future, failure);
      return null;
    }
  }

  /**
   * A listener, or a future's own call, must never fail because of Baton: the listener runs
   * without its context, and the reason is reported.
   */
  private static void report(String action, Object future, Throwable failure) {
    Reports.BATON.report(
        "could not " + action + " " + future.getClass().getName(), "the listener runs without it: " + failure);
  }

  /**
   * {@code future} starts emitting its result to its listeners on this thread; returns what
   * {@link #exitCompleting} needs to put back the future that was completing before (one
   * listener's call may complete another future).
   */
  public static Object enterCompleting(Object future) {
    HandoffThread thread = HandoffThread.current();
    Object outer = thread.completingFuture;
    thread.completingFuture = future;
    return outer;
  }

  /** The emission {@link #enterCompleting} began is over. */
  public static void exitCompleting(Object outer) {
    HandoffThread.current().completingFuture = outer;
  }

  /**
   * {@code listener} is being called with a result: as {@link #beforeCall(Object, Object)} for the
   * future completing on this thread, if any.
   */
  public static Object beforeCall(Object listener) {
    Object future = HandoffThread.current().completingFuture;
    return future == null ? null : beforeCall(future, listener);
  }

  /** The number of futures with additions still pending. */
  static int pendingFutures() {
    return PENDING.size();
  }

  private static Object take(Object future, Object listener) {
    if (future == null) {
      return null;
    }
    while (true) {
      Object[] current = (Object[]) PENDING.get(future);
      if (current == null) {
        return null;
      }
      int at = indexOf(current, listener);
      if (at < 0) {
        return null;
      }
      Object[] next = null;
      if (current.length > 2) {
        next = new Object[current.length - 2];
        System.arraycopy(current, 0, next, 0, at);
        System.arraycopy(current, at + 2, next, at, current.length - at - 2);
      }
      if (PENDING.compareAndSet(future, current, next)) {
        return current[at + 1];
      }
    }
  }

  private static int indexOf(Object[] registrations, Object listener) {
    for (int i = 0; i < registrations.length; i += 2) {
      if (((Reference<?>) registrations[i]).get() == listener) {
        return i;
      }
    }
    return -1;
  }
}

package dev.baton.internal.state;

import dev.baton.AsyncHook;
import dev.baton.internal.util.Reports;

/**
 * The enabled async hooks and the firing of their events.
 *
 * <p>The enabled set is a copy-on-write array in one volatile field: with no hook enabled, firing
 * an event is that one read and an empty loop, which is why callers fire unconditionally. A
 * callback that throws is reported and does not stop the other hooks or the operation.
 */
public final class HookRegistry {

  private static final Entry[] NONE = {};

  private static volatile Entry[] enabled = NONE;

  private HookRegistry() {}

  /** Whether at least one hook is enabled now. */
  public static boolean anyEnabled() {
    return enabled.length != 0;
  }

  /**
   * Enables {@code callbacks} on behalf of {@code owner}; enabling an owner twice has no effect.
   */
  public static synchronized void enable(Object owner, AsyncHook.Callbacks callbacks) {
    Entry[] current = enabled;
    if (indexOf(current, owner) >= 0) {
      return;
    }
    Entry[] grown = java.util.Arrays.copyOf(current, current.length + 1);
    grown[current.length] = new Entry(owner, callbacks);
    enabled = grown;
  }

  /** Disables what {@code owner} enabled; disabling an owner that is not enabled has no effect. */
  public static synchronized void disable(Object owner) {
    Entry[] current = enabled;
    int index = indexOf(current, owner);
    if (index < 0) {
      return;
    }
    Entry[] shrunk = new Entry[current.length - 1];
    System.arraycopy(current, 0, shrunk, 0, index);
    System.arraycopy(current, index + 1, shrunk, index, shrunk.length - index);
    enabled = shrunk.length == 0 ? NONE : shrunk;
  }

  /** Whether {@code owner} is enabled now. */
  public static boolean isEnabled(Object owner) {
    return indexOf(enabled, owner) >= 0;
  }

  /** Fires {@code init} to every enabled hook. */
  public static void init(long asyncId, String type, long triggerAsyncId, Object resource) {
    for (Entry hook : enabled) {
      try {
        hook.callbacks.init(asyncId, type, triggerAsyncId, resource);
      } catch (Throwable failure) {
        report(Event.INIT, failure);
      }
    }
  }

  /** Fires {@code before} to every enabled hook. */
  public static void before(long asyncId) {
    fire(Event.BEFORE, asyncId);
  }

  /** Fires {@code after} to every enabled hook. */
  public static void after(long asyncId) {
    fire(Event.AFTER, asyncId);
  }

  /** Fires {@code destroy} to every enabled hook. */
  public static void destroy(long asyncId) {
    fire(Event.DESTROY, asyncId);
  }

  private static void fire(Event event, long asyncId) {
    for (Entry hook : enabled) {
      try {
        switch (event) {
          case BEFORE:
            hook.callbacks.before(asyncId);
            break;
          case AFTER:
            hook.callbacks.after(asyncId);
            break;
          default:
            hook.callbacks.destroy(asyncId);
            break;
        }
      } catch (Throwable failure) {
        report(event, failure);
      }
    }
  }

  /**
   * Reports a failed callback through Baton's reporter, thinned out as it repeats (a broken hook
   * fails on every operation), and hands it to the uncaught-exception handler the application set,
   * if any, so that it is neither lost nor fatal. Without one, the JDK's default would print a
   * stack trace for every operation.
   */
  private static void report(Event event, Throwable failure) {
    Reports.BATON.report(
        "an async hook's " + event.callbackName + " callback threw",
        failure + "; the operation that fired it goes on");
    Thread thread = Thread.currentThread();
    Thread.UncaughtExceptionHandler handler = thread.getUncaughtExceptionHandler();
    boolean applicationsOwn =
        handler != thread.getThreadGroup()
            || handler.getClass() != ThreadGroup.class
            || Thread.getDefaultUncaughtExceptionHandler() != null;
    if (!applicationsOwn) {
      return;
    }
    try {
      handler.uncaughtException(thread, failure);
    } catch (Throwable handlerFailure) {
      Reports.BATON.report(
          "an uncaught-exception handler threw", handlerFailure + ", handed " + failure);
    }
  }

  private static int indexOf(Entry[] entries, Object owner) {
    for (int i = 0; i < entries.length; i++) {
      if (entries[i].owner == owner) {
        return i;
      }
    }
    return -1;
  }

  private enum Event {
    INIT("init"),
    BEFORE("before"),
    AFTER("after"),
    DESTROY("destroy");

    final String callbackName;

    Event(String callbackName) {
      this.callbackName = callbackName;
    }
  }

  private static final class Entry {
    final Object owner;
    final AsyncHook.Callbacks callbacks;

    Entry(Object owner, AsyncHook.Callbacks callbacks) {
      this.owner = owner;
      this.callbacks = callbacks;
    }
  }
}

package dev.baton.internal;

import dev.baton.AsyncHook;

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
   * Reports a failed callback on stderr and to the thread's uncaught-exception handler (whose
   * default prints the stack trace), so that it is neither lost nor fatal.
   */
  private static void report(Event event, Throwable failure) {
    Thread thread = Thread.currentThread();
    System.err.println(
        "baton: an async hook's "
            + event.callbackName
            + " callback threw "
            + failure
            + "; the operation that fired it goes on");
    try {
      thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
    } catch (Throwable handlerFailure) {
      handlerFailure.addSuppressed(failure);
      handlerFailure.printStackTrace();
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

package dev.baton;

import dev.baton.internal.state.ThreadState;
import java.util.Objects;

/**
 * Execution ids and async hooks: which async operation is running now, which one caused it, and
 * life-cycle events for every {@link AsyncResource}. The JVM counterpart of the functions of
 * Node's {@code node:async_hooks}.
 *
 * <pre>{@code
 * AsyncHook hook = AsyncHooks.createHook(new AsyncHook.Callbacks() {
 *   public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
 *     System.err.printf("%s %d created by %d%n", type, asyncId, triggerAsyncId);
 *   }
 * }).enable();
 * }</pre>
 *
 * <p>With no hook enabled, hooks cost one read on the paths that would fire them.
 */
public final class AsyncHooks {

  /** The id of the root execution scope, where code runs outside any resource's scope. */
  static final long ROOT_ASYNC_ID = 1;

  /** What {@link #executionAsyncResource()} returns at the root. */
  private static final Object ROOT_RESOURCE =
      new Object() {
        @Override
        public String toString() {
          return "AsyncHooks.ROOT";
        }
      };

  private AsyncHooks() {}

  /**
   * Returns the id of the current execution scope.
   *
   * @return the {@link AsyncResource#asyncId()} of the resource whose {@code runInAsyncScope} is
   *     running, or 1 outside any resource's scope
   */
  public static long executionAsyncId() {
    return AsyncResource.executionAsyncId(ThreadState.current());
  }

  /**
   * Returns the id of the scope that caused the current one.
   *
   * @return the {@link AsyncResource#triggerAsyncId()} of the resource whose {@code
   *     runInAsyncScope} is running, or 0 outside any resource's scope
   */
  public static long triggerAsyncId() {
    AsyncResource scope = (AsyncResource) ThreadState.current().resource();
    return scope == null ? 0 : scope.triggerAsyncId();
  }

  /**
   * Returns the resource of the current execution scope. Useful as a key for state that lives as
   * long as the resource (for instance in a {@link java.util.WeakHashMap}).
   *
   * @return the {@link AsyncResource} whose {@code runInAsyncScope} is running, or one shared
   *     root object outside any resource's scope; never null
   */
  public static Object executionAsyncResource() {
    AsyncResource scope = (AsyncResource) ThreadState.current().resource();
    return scope == null ? ROOT_RESOURCE : scope;
  }

  /**
   * Creates a hook that delivers life-cycle events to {@code callbacks} once {@link
   * AsyncHook#enable() enabled}.
   *
   * @param callbacks the callbacks; unimplemented ones do nothing
   * @return a disabled hook
   * @throws NullPointerException if {@code callbacks} is null
   */
  public static AsyncHook createHook(AsyncHook.Callbacks callbacks) {
    return new AsyncHook(Objects.requireNonNull(callbacks, "callbacks"));
  }
}

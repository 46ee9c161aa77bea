package dev.baton;

import dev.baton.internal.state.HookRegistry;

/**
 * A set of life-cycle callbacks, created disabled by {@link AsyncHooks#createHook}; enable it to
 * start receiving events. Thread-safe.
 *
 * <p>Callbacks run synchronously on the thread of the event: {@code init} in the constructing
 * code's scope, {@code before} and {@code after} inside the resource's scope, {@code destroy} where
 * {@code emitDestroy()} is called or on Baton's collection thread. A callback that throws is
 * reported through {@code System.Logger} "dev.baton" (thinned out as it repeats) and handed to the
 * uncaught-exception handler the application set, if any; the operation that fired it and the
 * other hooks go on. A callback that itself creates resources receives their events too,
 * so keep callbacks from recursing without end.
 */
public final class AsyncHook {

  private final Callbacks callbacks;

  AsyncHook(Callbacks callbacks) {
    this.callbacks = callbacks;
  }

  /**
   * Starts delivering events to this hook's callbacks; no effect if already enabled.
   *
   * @return this hook
   */
  public AsyncHook enable() {
    HookRegistry.enable(this, callbacks);
    return this;
  }

  /**
   * Stops delivering events to this hook's callbacks; no effect if not enabled.
   *
   * @return this hook
   */
  public AsyncHook disable() {
    HookRegistry.disable(this);
    return this;
  }

  /**
   * Returns whether this hook receives events now.
   *
   * @return true between {@link #enable()} and {@link #disable()}
   */
  public boolean isEnabled() {
    return HookRegistry.isEnabled(this);
  }

  /**
   * The life-cycle events of async resources. Every method does nothing by default: implement
   * those you need.
   */
  public interface Callbacks {

    /**
     * A resource was created.
     *
     * @param asyncId the new resource's id
     * @param type the resource's type
     * @param triggerAsyncId the id of the scope that caused it
     * @param resource the resource itself; a subclass's own fields may not be set yet
     */
    default void init(long asyncId, String type, long triggerAsyncId, Object resource) {}

    /**
     * A resource's callback is about to run, inside its scope.
     *
     * @param asyncId the resource's id
     */
    default void before(long asyncId) {}

    /**
     * A resource's callback has finished, normally or by throwing, still inside its scope.
     *
     * @param asyncId the resource's id
     */
    default void after(long asyncId) {}

    /**
     * A resource was destroyed: by {@code emitDestroy()}, or after garbage collection.
     *
     * @param asyncId the resource's id
     */
    default void destroy(long asyncId) {}
  }
}

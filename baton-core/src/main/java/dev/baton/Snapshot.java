package dev.baton;

import dev.baton.internal.ContextCallable;
import dev.baton.internal.ContextRunnable;
import dev.baton.internal.ThreadState;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A captured context: the store of every {@link AsyncLocalStorage} at the moment of {@link
 * AsyncLocalStorage#snapshot()}. Immutable and thread-safe; run code in it as often as needed, on
 * any thread.
 *
 * <pre>{@code
 * final class Connection {
 *   private final Snapshot opener = AsyncLocalStorage.snapshot();
 *
 *   void onClose(Runnable listener) {
 *     closeListeners.add(opener.wrap(listener)); // runs in the opener's context
 *   }
 * }
 * }</pre>
 */
public final class Snapshot {

  private final Object[] frame;

  Snapshot(Object[] frame) {
    this.frame = frame;
  }

  /**
   * Runs {@code fn} in the captured context, then restores the caller's context, also when {@code
   * fn} throws.
   *
   * @param fn the code to run
   * @throws NullPointerException if {@code fn} is null
   */
  public void run(Runnable fn) {
    ThreadState.current().run(frame, Objects.requireNonNull(fn, "fn"));
  }

  /**
   * Runs {@code fn} in the captured context and returns its value, then restores the caller's
   * context, also when {@code fn} throws.
   *
   * @param fn the code to run
   * @param <R> the type of the result
   * @return what {@code fn} returned
   * @throws NullPointerException if {@code fn} is null
   */
  public <R> R run(Supplier<R> fn) {
    return ThreadState.current().get(frame, Objects.requireNonNull(fn, "fn"));
  }

  /**
   * As {@link #run(Supplier)}, for code that throws checked exceptions.
   *
   * @param op the code to run
   * @param <R> the type of the result
   * @param <X> the type of exception {@code op} may throw
   * @return what {@code op} returned
   * @throws X what {@code op} throws
   * @throws NullPointerException if {@code op} is null
   */
  public <R, X extends Throwable> R call(CallableOp<R, X> op) throws X {
    return ThreadState.current().call(frame, Objects.requireNonNull(op, "op"));
  }

  /**
   * Returns {@code fn} bound to the captured context: each time it runs, on any thread, it runs
   * in this snapshot's context and restores that thread's context afterwards.
   *
   * @param fn the code to bind
   * @return the bound code
   * @throws NullPointerException if {@code fn} is null
   */
  public Runnable wrap(Runnable fn) {
    return new ContextRunnable(frame, Objects.requireNonNull(fn, "fn"));
  }

  /**
   * Returns {@code fn} bound to the captured context, as {@link #wrap(Runnable)}.
   *
   * @param fn the code to bind
   * @param <V> the type of the result
   * @return the bound code
   * @throws NullPointerException if {@code fn} is null
   */
  public <V> Callable<V> wrap(Callable<V> fn) {
    return new ContextCallable<>(frame, Objects.requireNonNull(fn, "fn"));
  }
}

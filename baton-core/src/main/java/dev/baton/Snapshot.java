package dev.baton;

import dev.baton.internal.diagnostics.Diagnosis;
import dev.baton.internal.state.Frame;
import dev.baton.internal.state.ThreadState;
import dev.baton.internal.tasks.ContextCallable;
import dev.baton.internal.tasks.ContextRunnable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
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

  private static final Snapshot EMPTY = new Snapshot(Frame.EMPTY);

  private final Object[] frame;

  Snapshot(Object[] frame) {
    this.frame = frame;
  }

  /**
   * Returns the context in which no storage has a store: what a thread outside any {@code run}
   * sees.
   *
   * @return the empty context
   */
  public static Snapshot empty() {
    return EMPTY;
  }

  /**
   * Makes the captured context, whole, current for the rest of the current synchronous execution
   * (the enclosing {@code run}, propagated task or snapshot run, or the rest of the thread's top
   * level), as {@link AsyncLocalStorage#enterWith} does for one store.
   *
   * <p>Prefer {@link #run}, or {@link #enter} where the context is set and restored in two places:
   * both give the thread its context back.
   */
  public void enterWith() {
    ThreadState thread = ThreadState.current();
    thread.enter(frame);
    Diagnosis.onEnterWith(thread);
  }

  /**
   * Makes this context, whole, current until the returned scope is closed: {@link #run} for
   * try-with-resources, and for integrations whose protocol is "set, then restore later" (an
   * interceptor's before and after). Closing the scope gives the thread back its whole context
   * from before.
   *
   * <pre>{@code
   * try (Scope ignored = captured.enter()) {
   *   callback.run();
   * }
   * }</pre>
   *
   * @return the scope to close, on this thread
   * @see Scope
   */
  public Scope enter() {
    return new Scope(ThreadState.current(), frame, null);
  }

  /**
   * Returns this context with {@code store} for {@code storage} and every other store unchanged,
   * as {@link AsyncLocalStorage#run} would make it. This snapshot is not changed.
   *
   * @param storage the storage
   * @param store its store; not null
   * @param <T> the type of the store
   * @return the derived context
   * @throws NullPointerException if {@code storage} or {@code store} is null
   */
  public <T> Snapshot with(AsyncLocalStorage<T> storage, T store) {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(store, "store");
    Object[] derived = Frame.with(frame, storage, storage.index, store);
    return derived == frame ? this : new Snapshot(derived);
  }

  /**
   * Returns this context without a store for {@code storage} and every other store unchanged, as
   * {@link AsyncLocalStorage#exit} would make it. This snapshot is not changed.
   *
   * <p>With {@link #with} and {@link #isCurrent}, this is how an integration whose protocol is
   * "set, then restore" gives back its own store alone and keeps what the code in between did:
   *
   * <pre>{@code
   * T previous = STORAGE.getStore();
   * STORAGE.enterWith(value);
   * // ... the framework's callback, which may enter other stores ...
   * Snapshot now = AsyncLocalStorage.snapshot();
   * (previous == null ? now.without(STORAGE) : now.with(STORAGE, previous)).enterWith();
   * }</pre>
   *
   * @param storage the storage
   * @return the derived context
   * @throws NullPointerException if {@code storage} is null
   */
  public Snapshot without(AsyncLocalStorage<?> storage) {
    Objects.requireNonNull(storage, "storage");
    Object[] derived = Frame.without(frame, storage, storage.index);
    return derived == frame ? this : new Snapshot(derived);
  }

  /**
   * Whether this context is the calling thread's current one: nothing was entered, exited or
   * changed on this thread since it was captured (or it was entered again since).
   *
   * @return true when {@code AsyncLocalStorage.snapshot()} would capture this very context now
   */
  public boolean isCurrent() {
    return ThreadState.current().frame() == frame;
  }

  /**
   * Calls {@code action} with each storage that has a store in the captured context, and that
   * store, in the order the storages were created in, the same for every context. Disabled
   * storages are skipped. For logging and
   * diagnostics integrations that print the whole context.
   *
   * @param action what to do with each storage and its store
   * @throws NullPointerException if {@code action} is null
   */
  public void forEach(BiConsumer<? super AsyncLocalStorage<?>, Object> action) {
    Objects.requireNonNull(action, "action");
    List<AsyncLocalStorage<?>> storages = new ArrayList<>(frame.length / 2);
    for (int i = 0; i < frame.length; i += 2) {
      AsyncLocalStorage<?> storage = (AsyncLocalStorage<?>) frame[i];
      if (storage != null && !storage.isDisabled()) {
        storages.add(storage);
      }
    }
    storages.sort(Comparator.comparingLong(storage -> storage.created));
    for (AsyncLocalStorage<?> storage : storages) {
      action.accept(storage, frame[storage.index + 1]);
    }
  }

  /**
   * Whether the captured context holds no store.
   *
   * @return true for the context of a thread outside any {@code run}
   */
  public boolean isEmpty() {
    return frame.length == 0;
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

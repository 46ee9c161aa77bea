package dev.baton;

import dev.baton.internal.diagnostics.Diagnosis;
import dev.baton.internal.state.Frame;
import dev.baton.internal.state.Slots;
import dev.baton.internal.state.ThreadState;
import dev.baton.internal.tasks.ContextCallable;
import dev.baton.internal.tasks.ContextRunnable;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A value that follows the work: set it once with {@link #run run}, read it with {@link #getStore}
 * anywhere in the code that runs inside, including on other threads the work is handed to. The
 * JVM counterpart of Node's {@code AsyncLocalStorage}.
 *
 * <pre>{@code
 * static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
 *
 * REQUEST_ID.run(id, () -> {
 *   log("start");                              // log() reads REQUEST_ID.getStore()
 *   pool.execute(() -> log("finish"));         // same id, with the agent or a wrapped pool
 * });
 * }</pre>
 *
 * <h2>The context</h2>
 *
 * <p>Each thread executes in one context: an immutable map from every {@code AsyncLocalStorage}
 * to its store. {@code run} installs a context with one more entry for the duration of a call and
 * then restores the previous one, whole. Work handed to another thread (through the agent, {@link
 * ContextExecutors}, {@link #bind}, {@link Snapshot} or {@link AsyncResource}) carries the context
 * current when it was handed over, and the thread that runs it goes back to its own context
 * afterwards. Capturing the context is one reference read, whatever the number of storages.
 *
 * <p>Many instances may be active at once without interfering. Stores are never null: absence is
 * what {@link #exit} and the default value express. Instances are thread-safe.
 *
 * @param <T> the type of the store
 */
public final class AsyncLocalStorage<T> {

  private final String name;
  private final T defaultValue;

  /** Where this storage's key sits in a frame: see {@link Frame}. */
  final int index;

  /** The order storages were created in, which {@link Snapshot#forEach} follows. */
  final long created = CREATED.getAndIncrement();

  private static final AtomicLong CREATED = new AtomicLong();

  /**
   * Where {@link #getStore()} looks for the key: {@link #index}, or {@link #NOWHERE} from {@link
   * #disable()} until the next run or enterWith, so that every thread sees the default at once,
   * including threads whose context still holds a store of this instance. One volatile read
   * answers both where to look and whether to look at all.
   */
  private volatile int readIndex;

  /** Beyond every frame's length, so that a disabled storage's read misses. */
  private static final int NOWHERE = Integer.MAX_VALUE - 1;

  /** Creates a storage with no name and no default value. */
  public AsyncLocalStorage() {
    this("", null);
  }

  /**
   * Creates a named storage with no default value.
   *
   * @param name a name for diagnostics and logging integrations
   * @throws NullPointerException if {@code name} is null
   */
  public AsyncLocalStorage(String name) {
    this(name, null);
  }

  /**
   * Creates a named storage whose {@link #getStore()} returns {@code defaultValue} where it has no
   * store.
   *
   * @param name a name for diagnostics and logging integrations
   * @param defaultValue what {@link #getStore()} returns outside any {@code run}; may be null
   * @throws NullPointerException if {@code name} is null
   */
  public AsyncLocalStorage(String name, T defaultValue) {
    this.name = Objects.requireNonNull(name, "name");
    this.defaultValue = defaultValue;
    this.index = Slots.acquire(this);
    this.readIndex = index;
  }

  /**
   * Returns the name given at construction.
   *
   * @return the name, {@code ""} when none was given
   */
  public String name() {
    return name;
  }

  /**
   * Returns the store of the current context.
   *
   * @return the store; the default value (null when none was given) outside any {@code run} or
   *     {@code enterWith}, inside {@link #exit}, and after {@link #disable()}
   */
  @SuppressWarnings("unchecked")
  public T getStore() {
    Object[] frame = ThreadState.current().frame();
    int i = readIndex;
    if (i < frame.length && frame[i] == this) {
      return (T) frame[i + 1];
    }
    Diagnosis.onMiss(name);
    return defaultValue;
  }

  /**
   * Runs {@code fn} synchronously with {@code store} current. The store is visible to {@code fn}
   * and to all async work started inside it. On return or throw the whole previous context is
   * restored, so an {@link #enterWith} made inside does not outlive the call. Exceptions propagate
   * unchanged.
   *
   * @param store the store; not null (use {@link #exit} to run without a store)
   * @param fn the code to run
   * @throws NullPointerException if {@code store} or {@code fn} is null
   */
  public void run(T store, Runnable fn) {
    Objects.requireNonNull(fn, "fn");
    ThreadState thread = ThreadState.current();
    thread.run(enter(thread, store), fn);
  }

  /**
   * As {@link #run(Object, Runnable)}, returning {@code fn}'s value.
   *
   * <pre>{@code
   * Response response = TENANT.run(tenant, () -> handler.handle(request));
   * }</pre>
   *
   * @param store the store; not null
   * @param fn the code to run
   * @param <R> the type of the result
   * @return what {@code fn} returned
   * @throws NullPointerException if {@code store} or {@code fn} is null
   */
  public <R> R run(T store, Supplier<R> fn) {
    Objects.requireNonNull(fn, "fn");
    ThreadState thread = ThreadState.current();
    return thread.get(enter(thread, store), fn);
  }

  /**
   * As {@link #run(Object, Supplier)}, for code that throws checked exceptions: {@code op}'s
   * exception reaches the caller unchanged.
   *
   * @param store the store; not null
   * @param op the code to run
   * @param <R> the type of the result
   * @param <X> the type of exception {@code op} may throw
   * @return what {@code op} returned
   * @throws X what {@code op} throws
   * @throws NullPointerException if {@code store} or {@code op} is null
   */
  public <R, X extends Throwable> R call(T store, CallableOp<R, X> op) throws X {
    Objects.requireNonNull(op, "op");
    ThreadState thread = ThreadState.current();
    return thread.call(enter(thread, store), op);
  }

  /**
   * Makes {@code store} current until the returned scope is closed: {@link #run} for
   * try-with-resources. The store is visible to the code until then and to all async work started
   * there. Closing the scope gives this storage back the store it had before.
   *
   * <pre>{@code
   * try (Scope ignored = TENANT.enter(tenant)) {
   *   return handler.handle(request);
   * }
   * }</pre>
   *
   * @param store the store; not null
   * @return the scope to close, on this thread
   * @throws NullPointerException if {@code store} is null
   * @see Scope
   */
  public Scope enter(T store) {
    ThreadState thread = ThreadState.current();
    return new Scope(thread, enter(thread, store), this);
  }

  /**
   * Runs {@code fn} synchronously with this instance's store absent, for {@code fn} and the async
   * work it starts: {@link #getStore()} returns the default value there. Other instances' stores
   * stay visible. The previous context is re-entered on return or throw.
   *
   * @param fn the code to run
   * @throws NullPointerException if {@code fn} is null
   */
  public void exit(Runnable fn) {
    Objects.requireNonNull(fn, "fn");
    ThreadState thread = ThreadState.current();
    thread.run(Frame.without(thread.frame(), this, index), fn);
  }

  /**
   * As {@link #exit(Runnable)}, returning {@code fn}'s value.
   *
   * @param fn the code to run
   * @param <R> the type of the result
   * @return what {@code fn} returned
   * @throws NullPointerException if {@code fn} is null
   */
  public <R> R exit(Supplier<R> fn) {
    Objects.requireNonNull(fn, "fn");
    ThreadState thread = ThreadState.current();
    return thread.get(Frame.without(thread.frame(), this, index), fn);
  }

  /**
   * Makes {@code store} current for the rest of the current synchronous execution (the enclosing
   * {@code run}, {@code exit}, propagated task or snapshot run, or the rest of the thread's top
   * level) and for async work started after it.
   *
   * <p>Prefer {@link #run}: a store entered at a thread's top level stays there. Propagated tasks
   * are safe, as the worker goes back to its own context when the task ends.
   *
   * @param store the store; not null
   * @throws NullPointerException if {@code store} is null
   */
  public void enterWith(T store) {
    ThreadState thread = ThreadState.current();
    thread.enter(enter(thread, store));
    Diagnosis.onEnterWith(thread);
  }

  /**
   * Disables this instance: removes its store from the current context, and until the next {@link
   * #run} or {@link #enterWith} of this instance {@link #getStore()} returns the default value on
   * every thread. Once no captured context refers to them, the instance and its stores can be
   * garbage collected. Calling it when already disabled has no further effect.
   */
  public void disable() {
    readIndex = NOWHERE;
    ThreadState thread = ThreadState.current();
    thread.enter(Frame.without(thread.frame(), this, index));
  }

  /**
   * Captures the whole current context (every instance's store) to run code in later. Cheap: no
   * copying, and no hook fires.
   *
   * <pre>{@code
   * Snapshot snapshot = REQUEST_ID.run("r-123", AsyncLocalStorage::snapshot);
   * REQUEST_ID.run("r-321", () -> snapshot.run(REQUEST_ID::getStore)); // "r-123"
   * }</pre>
   *
   * @return the current context
   */
  public static Snapshot snapshot() {
    return new Snapshot(ThreadState.current().frame());
  }

  /**
   * Binds {@code fn} to the current context: whenever and on whatever thread the result runs, it
   * sees the stores of now, and its thread's context is restored afterwards.
   *
   * @param fn the code to bind
   * @return {@code fn} bound to the current context
   * @throws NullPointerException if {@code fn} is null
   */
  public static Runnable bind(Runnable fn) {
    return new ContextRunnable(ThreadState.current().frame(), Objects.requireNonNull(fn, "fn"));
  }

  /**
   * Binds {@code fn} to the current context, as {@link #bind(Runnable)}.
   *
   * @param fn the code to bind
   * @param <V> the type of the result
   * @return {@code fn} bound to the current context
   * @throws NullPointerException if {@code fn} is null
   */
  public static <V> Callable<V> bind(Callable<V> fn) {
    return new ContextCallable<>(ThreadState.current().frame(), Objects.requireNonNull(fn, "fn"));
  }

  boolean isDisabled() {
    return readIndex != index;
  }

  @Override
  public String toString() {
    return "AsyncLocalStorage[" + name + "]";
  }

  /** {@code frame} with this storage's store put back as it is in {@code before}. */
  Object[] storeOf(Object[] before, Object[] frame) {
    Object store = Frame.get(before, this, index);
    return store == null ? Frame.without(frame, this, index) : Frame.with(frame, this, index, store);
  }

  private Object[] enter(ThreadState thread, T store) {
    Objects.requireNonNull(store, "store");
    if (readIndex != index) {
      readIndex = index;
    }
    return Frame.with(thread.frame(), this, index, store);
  }
}

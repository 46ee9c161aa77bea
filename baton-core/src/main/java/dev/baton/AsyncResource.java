package dev.baton;

import dev.baton.internal.state.Cleaners;
import dev.baton.internal.state.HookRegistry;
import dev.baton.internal.state.ThreadState;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * An asynchronous operation of a library's own (a pooled connection's query, a queued job, a
 * registered callback) whose callbacks must run in the context of the code that asked for it, and
 * which async hooks observe. The JVM counterpart of Node's {@code AsyncResource}; meant to be
 * extended.
 *
 * <p>Construction captures the current context, allocates a unique {@code asyncId} and fires
 * {@code init}. {@link #runInAsyncScope} runs a callback in the captured context, between {@code
 * before} and {@code after}. {@link #emitDestroy()} fires {@code destroy}.
 *
 * <pre>{@code
 * final class DbQuery extends AsyncResource {
 *   private final Consumer<Result> callback;
 *
 *   DbQuery(Consumer<Result> callback) {
 *     super("DbQuery");                      // captures the caller's context
 *     this.callback = callback;
 *   }
 *
 *   void complete(Result result) {           // called on the driver's I/O thread
 *     runInAsyncScope(() -> callback.accept(result));
 *     emitDestroy();
 *   }
 * }
 * }</pre>
 *
 * <p>When {@link Options#requireManualDestroy(boolean) requireManualDestroy} is false and at least
 * one hook is enabled at construction, a resource that becomes unreachable without {@code
 * emitDestroy()} gets {@code destroy} fired after it is garbage collected, to the hooks enabled
 * then.
 */
public class AsyncResource {

  private static final String DEFAULT_BOUND_TYPE = "bound-anonymous-fn";

  private static final VarHandle DESTROYED;

  static {
    try {
      DESTROYED =
          MethodHandles.lookup().findVarHandle(AsyncResource.class, "destroyed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String type;
  private final long asyncId;
  private final long triggerAsyncId;
  private final Object[] frame;
  private final Cleaner.Cleanable destroyOnCollection;

  @SuppressWarnings("unused") // accessed through DESTROYED
  private volatile boolean destroyed;

  /**
   * Creates a resource whose trigger is the current execution scope.
   *
   * @param type what kind of resource this is, as hooks see it
   * @throws NullPointerException if {@code type} is null
   * @throws IllegalArgumentException if {@code type} is empty
   */
  public AsyncResource(String type) {
    this(type, Options.DEFAULTS);
  }

  /**
   * Creates a resource caused by the execution scope {@code triggerAsyncId}.
   *
   * @param type what kind of resource this is, as hooks see it
   * @param triggerAsyncId the id of the execution scope that caused this resource
   * @throws NullPointerException if {@code type} is null
   * @throws IllegalArgumentException if {@code type} is empty or {@code triggerAsyncId} negative
   */
  public AsyncResource(String type, long triggerAsyncId) {
    this(type, Options.DEFAULTS.triggerAsyncId(triggerAsyncId));
  }

  /**
   * Creates a resource with the given options.
   *
   * @param type what kind of resource this is, as hooks see it
   * @param options the trigger id and destroy behaviour
   * @throws NullPointerException if {@code type} or {@code options} is null
   * @throws IllegalArgumentException if {@code type} is empty
   */
  // init hooks receive the resource being constructed, as in Node: before a subclass's fields are
  // set, which the Callbacks documentation states
  @SuppressWarnings("this-escape")
  public AsyncResource(String type, Options options) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(options, "options");
    if (type.isEmpty()) {
      throw new IllegalArgumentException("type must not be empty");
    }
    ThreadState thread = ThreadState.current();
    this.type = type;
    this.frame = thread.frame();
    this.asyncId = thread.newAsyncId();
    this.triggerAsyncId =
        options.triggerAsyncId >= 0 ? options.triggerAsyncId : executionAsyncId(thread);
    if (HookRegistry.anyEnabled()) {
      this.destroyOnCollection =
          options.requireManualDestroy ? null : DestroyAction.register(this, asyncId);
      HookRegistry.init(asyncId, type, triggerAsyncId, this);
    } else {
      this.destroyOnCollection = null;
    }
  }

  /**
   * Runs {@code fn} in this resource's execution scope: installs the context captured at
   * construction, fires {@code before}, runs {@code fn}, fires {@code after} and restores the
   * caller's context and scope. On throw, {@code after} still fires, the caller's context is
   * restored and the exception propagates unchanged.
   *
   * @param fn the callback to run
   * @throws NullPointerException if {@code fn} is null
   */
  public final void runInAsyncScope(Runnable fn) {
    Objects.requireNonNull(fn, "fn");
    callInAsyncScope(
        () -> {
          fn.run();
          return null;
        });
  }

  /**
   * As {@link #runInAsyncScope(Runnable)}, returning {@code fn}'s value.
   *
   * @param fn the callback to run
   * @param <R> the type of the result
   * @return what {@code fn} returned
   * @throws NullPointerException if {@code fn} is null
   */
  public final <R> R runInAsyncScope(Supplier<R> fn) {
    Objects.requireNonNull(fn, "fn");
    return callInAsyncScope(fn::get);
  }

  /**
   * As {@link #runInAsyncScope(Supplier)}, for a callback that throws checked exceptions.
   *
   * @param op the callback to run
   * @param <R> the type of the result
   * @param <X> the type of exception {@code op} may throw
   * @return what {@code op} returned
   * @throws X what {@code op} throws
   * @throws NullPointerException if {@code op} is null
   */
  public final <R, X extends Throwable> R callInAsyncScope(CallableOp<R, X> op) throws X {
    Objects.requireNonNull(op, "op");
    ThreadState thread = ThreadState.current();
    Object[] callerFrame = thread.frame();
    Object callerScope = thread.resource();
    thread.enterScope(frame, this);
    try {
      HookRegistry.before(asyncId);
      return op.call();
    } finally {
      HookRegistry.after(asyncId);
      thread.enterScope(callerFrame, callerScope);
    }
  }

  /**
   * Fires {@code destroy} to the enabled hooks, synchronously, before returning. Call it once,
   * when the resource will run no more callbacks.
   *
   * @return this resource
   * @throws IllegalStateException if it was already called
   */
  public final AsyncResource emitDestroy() {
    if (!DESTROYED.compareAndSet(this, false, true)) {
      throw new IllegalStateException(
          "emitDestroy() was already called on " + this + "; a resource is destroyed once");
    }
    if (destroyOnCollection != null) {
      destroyOnCollection.clean(); // fires destroy now and never again
    } else {
      HookRegistry.destroy(asyncId);
    }
    return this;
  }

  /**
   * Returns the unique id of this resource.
   *
   * @return a process-wide unique id, greater than 1
   */
  public final long asyncId() {
    return asyncId;
  }

  /**
   * Returns the id of the execution scope that caused this resource.
   *
   * @return the trigger id given at construction, or the {@link AsyncHooks#executionAsyncId()} of
   *     the constructing code
   */
  public final long triggerAsyncId() {
    return triggerAsyncId;
  }

  /**
   * Returns the type given at construction.
   *
   * @return the type
   */
  public final String type() {
    return type;
  }

  /**
   * Returns {@code fn} bound to this resource: each call runs it through {@link
   * #runInAsyncScope(Runnable)}. Node's instance {@code bind}.
   *
   * @param fn the callback
   * @return the bound callback
   * @throws NullPointerException if {@code fn} is null
   */
  public final Runnable wrap(Runnable fn) {
    Objects.requireNonNull(fn, "fn");
    return () -> runInAsyncScope(fn);
  }

  /**
   * Returns {@code fn} bound to this resource: each call runs it through {@link
   * #callInAsyncScope}. Node's instance {@code bind}.
   *
   * @param fn the callback
   * @param <V> the type of the result
   * @return the bound callback
   * @throws NullPointerException if {@code fn} is null
   */
  public final <V> Callable<V> wrap(Callable<V> fn) {
    Objects.requireNonNull(fn, "fn");
    return () -> callInAsyncScope(fn::call);
  }

  /**
   * Binds {@code fn} to the current context through a new resource of type {@code
   * "bound-anonymous-fn"}. Node's static {@code AsyncResource.bind}.
   *
   * <pre>{@code
   * request.onClose(AsyncResource.bind(() -> log("closed"))); // logs with this request's id
   * }</pre>
   *
   * @param fn the callback
   * @return the bound callback
   * @throws NullPointerException if {@code fn} is null
   */
  public static Runnable bind(Runnable fn) {
    return bind(fn, DEFAULT_BOUND_TYPE);
  }

  /**
   * Binds {@code fn} to the current context through a new resource of type {@code type}.
   *
   * @param fn the callback
   * @param type the type of the new resource
   * @return the bound callback
   * @throws NullPointerException if {@code fn} or {@code type} is null
   * @throws IllegalArgumentException if {@code type} is empty
   */
  public static Runnable bind(Runnable fn, String type) {
    Objects.requireNonNull(fn, "fn");
    return new AsyncResource(type).wrap(fn);
  }

  /**
   * Binds {@code fn} to the current context through a new resource of type {@code
   * "bound-anonymous-fn"}.
   *
   * @param fn the callback
   * @param <V> the type of the result
   * @return the bound callback
   * @throws NullPointerException if {@code fn} is null
   */
  public static <V> Callable<V> bind(Callable<V> fn) {
    Objects.requireNonNull(fn, "fn");
    return new AsyncResource(DEFAULT_BOUND_TYPE).wrap(fn);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[type=" + type + ", asyncId=" + asyncId + "]";
  }

  static long executionAsyncId(ThreadState thread) {
    AsyncResource scope = (AsyncResource) thread.resource();
    return scope == null ? AsyncHooks.ROOT_ASYNC_ID : scope.asyncId;
  }

  /**
   * Options for {@link AsyncResource#AsyncResource(String, Options)}: immutable, built from {@link
   * #defaults()} with withers.
   *
   * <pre>{@code
   * new AsyncResource("Job", AsyncResource.Options.defaults().triggerAsyncId(submitterId));
   * }</pre>
   */
  public static final class Options {

    static final Options DEFAULTS = new Options(-1, false);

    /** -1 when the trigger is the constructing code's execution scope. */
    final long triggerAsyncId;

    final boolean requireManualDestroy;

    private Options(long triggerAsyncId, boolean requireManualDestroy) {
      this.triggerAsyncId = triggerAsyncId;
      this.requireManualDestroy = requireManualDestroy;
    }

    /**
     * The defaults: the trigger is {@link AsyncHooks#executionAsyncId()} at construction, and
     * {@code destroy} fires after garbage collection when {@code emitDestroy()} was not called.
     *
     * @return the default options
     */
    public static Options defaults() {
      return DEFAULTS;
    }

    /**
     * Returns these options with an explicit trigger id.
     *
     * @param triggerAsyncId the id of the execution scope that caused the resource
     * @return the new options
     * @throws IllegalArgumentException if {@code triggerAsyncId} is negative
     */
    public Options triggerAsyncId(long triggerAsyncId) {
      if (triggerAsyncId < 0) {
        throw new IllegalArgumentException(
            "triggerAsyncId must not be negative, got " + triggerAsyncId);
      }
      return new Options(triggerAsyncId, requireManualDestroy);
    }

    /**
     * Returns these options with {@code destroy} after garbage collection switched off ({@code
     * true}) or on ({@code false}, the default).
     *
     * @param requireManualDestroy whether only {@link AsyncResource#emitDestroy()} fires destroy
     * @return the new options
     */
    public Options requireManualDestroy(boolean requireManualDestroy) {
      return new Options(triggerAsyncId, requireManualDestroy);
    }

    @Override
    public String toString() {
      return "Options[triggerAsyncId="
          + (triggerAsyncId < 0 ? "executionAsyncId()" : Long.toString(triggerAsyncId))
          + ", requireManualDestroy="
          + requireManualDestroy
          + "]";
    }
  }

  /** Fires destroy once, from emitDestroy() or after collection; never refers to the resource. */
  private static final class DestroyAction implements Runnable {

    private final long asyncId;

    private DestroyAction(long asyncId) {
      this.asyncId = asyncId;
    }

    static Cleaner.Cleanable register(AsyncResource resource, long asyncId) {
      return Cleaners.CLEANER.register(resource, new DestroyAction(asyncId));
    }

    @Override
    public void run() {
      HookRegistry.destroy(asyncId);
    }
  }
}

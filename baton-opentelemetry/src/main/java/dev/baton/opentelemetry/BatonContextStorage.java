package dev.baton.opentelemetry;

import dev.baton.AsyncLocalStorage;
import dev.baton.Snapshot;
import dev.baton.internal.IntegrationStorages;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An OpenTelemetry {@link ContextStorage} whose current {@link Context} is a store of Baton's
 * context. Spans, baggage and every other OpenTelemetry context value then travel wherever Baton
 * propagates (the agent's executors, {@code CompletableFuture} stages, threads and timers, or
 * Baton's wrappers), together with the application's own stores and in the same single reference,
 * with no OpenTelemetry agent.
 *
 * <p>{@link #attach} behaves as OpenTelemetry's default storage: the returned scope restores the
 * context that was current before, and a scope closed on another thread, twice, or while another
 * context is current is ignored (logged at {@code FINE}, as OpenTelemetry does). Closing a scope
 * gives back OpenTelemetry's context only: Baton's other stores, and the MDC entries of {@code
 * baton-slf4j}, stay as the code inside the scope left them, as with OpenTelemetry's and the
 * logging libraries' own storages. When nothing else changed, the thread is back in the very
 * context it had before.
 */
public final class BatonContextStorage implements ContextStorage {

  static final BatonContextStorage INSTANCE = new BatonContextStorage();

  /** Where OpenTelemetry's context lives in each Baton context. */
  static final AsyncLocalStorage<Context> STORAGE = new AsyncLocalStorage<>(IntegrationStorages.OPENTELEMETRY_CONTEXT);

  private static final Logger LOGGER = Logger.getLogger(BatonContextStorage.class.getName());

  private BatonContextStorage() {}

  /**
   * Returns the storage OpenTelemetry uses when Baton's provider is selected.
   *
   * @return the storage
   */
  public static BatonContextStorage get() {
    return INSTANCE;
  }

  @Override
  public Scope attach(Context toAttach) {
    if (toAttach == null) {
      return Scope.noop();
    }
    Context beforeAttach = STORAGE.getStore();
    if (toAttach == beforeAttach) {
      return Scope.noop();
    }
    Snapshot before = AsyncLocalStorage.snapshot();
    STORAGE.enterWith(toAttach);
    return new AttachedScope(before, AsyncLocalStorage.snapshot(), beforeAttach, toAttach, Thread.currentThread());
  }

  @Override
  public Context current() {
    return STORAGE.getStore();
  }

  private static final class AttachedScope implements Scope {

    private final Snapshot before;
    private final Snapshot attached;
    private final Context beforeAttach;
    private final Context toAttach;
    private final Thread thread;
    private boolean closed;

    AttachedScope(Snapshot before, Snapshot attached, Context beforeAttach, Context toAttach, Thread thread) {
      this.before = before;
      this.attached = attached;
      this.beforeAttach = beforeAttach;
      this.toAttach = toAttach;
      this.thread = thread;
    }

    @Override
    public void close() {
      if (closed || thread != Thread.currentThread() || STORAGE.getStore() != toAttach) {
        LOGGER.log(
            Level.FINE,
            "Ignoring the close of a scope that does not hold the current context"
                + " (closed twice, on another thread, or out of order)");
        return;
      }
      closed = true;
      if (attached.isCurrent()) {
        before.enterWith();
        return;
      }
      Snapshot now = AsyncLocalStorage.snapshot();
      (beforeAttach == null ? now.without(STORAGE) : now.with(STORAGE, beforeAttach)).enterWith();
    }
  }
}

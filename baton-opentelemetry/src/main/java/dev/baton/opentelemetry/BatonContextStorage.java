package dev.baton.opentelemetry;

import dev.baton.AsyncLocalStorage;
import dev.baton.internal.state.IntegrationStorages;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;

/**
 * An OpenTelemetry {@link ContextStorage} whose current {@link Context} is a store of Baton's
 * context. Spans, baggage and every other OpenTelemetry context value then travel wherever Baton
 * propagates (the agent's executors, {@code CompletableFuture} stages, threads and timers, or
 * Baton's wrappers), together with the application's own stores and in the same single reference,
 * with no OpenTelemetry agent.
 *
 * <p>{@link #attach} behaves as OpenTelemetry's default storage: the returned scope, a Baton {@link
 * dev.baton.Scope}, restores the context that was current before, and a scope closed on another
 * thread, twice, or while a scope opened after it is still open is ignored (Baton reports it;
 * strict mode fails it, as OpenTelemetry's strict storage does). Closing a scope gives back
 * OpenTelemetry's context only: Baton's other stores, and the MDC entries of {@code
 * baton-slf4j}, stay as the code inside the scope left them, as with OpenTelemetry's and the
 * logging libraries' own storages. When nothing else changed, the thread is back in the very
 * context it had before.
 */
public final class BatonContextStorage implements ContextStorage {

  static final BatonContextStorage INSTANCE = new BatonContextStorage();

  /** Where OpenTelemetry's context lives in each Baton context. */
  static final AsyncLocalStorage<Context> STORAGE =
      IntegrationStorages.mark(new AsyncLocalStorage<>("opentelemetry.context"));

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
    if (toAttach == null || toAttach == STORAGE.getStore()) {
      return Scope.noop();
    }
    return STORAGE.enter(toAttach)::close;
  }

  @Override
  public Context current() {
    return STORAGE.getStore();
  }
}

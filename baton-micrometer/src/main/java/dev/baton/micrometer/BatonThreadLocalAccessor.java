package dev.baton.micrometer;

import dev.baton.AsyncLocalStorage;
import dev.baton.Snapshot;
import io.micrometer.context.ThreadLocalAccessor;

/**
 * Baton's whole context (every {@link AsyncLocalStorage}'s store) as one Micrometer {@link
 * ThreadLocalAccessor}. Registered through {@link java.util.ServiceLoader}, so that {@code
 * ContextRegistry.getInstance()} finds it with no code: Reactor's {@code contextCapture()} and
 * automatic context propagation, Spring's {@code ContextPropagatingTaskDecorator}, and anything
 * else built on context-propagation carry Baton's stores across operators, schedulers and
 * executors, and put each thread back in its own context afterwards.
 *
 * <pre>{@code
 * Hooks.enableAutomaticContextPropagation();
 *
 * REQUEST_ID.run(id, () -> flux
 *     .publishOn(Schedulers.parallel())
 *     .doOnNext(item -> log.info("{}", REQUEST_ID.getStore()))   // the caller's id
 *     .contextCapture()
 *     .subscribe());
 * }</pre>
 *
 * <p>The value is a {@link Snapshot}: capturing it is one reference read, whatever the number of
 * storages; an empty context is not captured at all.
 */
public final class BatonThreadLocalAccessor implements ThreadLocalAccessor<Snapshot> {

  /** The key of Baton's context in context-propagation snapshots and Reactor contexts. */
  public static final String KEY = "dev.baton.context";

  /** Creates the accessor; {@link java.util.ServiceLoader} does so for the global registry. */
  public BatonThreadLocalAccessor() {}

  @Override
  public Object key() {
    return KEY;
  }

  /**
   * Returns the current context.
   *
   * @return the current context, or null when it holds no store, so that nothing is captured
   */
  @Override
  public Snapshot getValue() {
    Snapshot current = AsyncLocalStorage.snapshot();
    return current.isEmpty() ? null : current;
  }

  /**
   * Makes {@code value} the current context, whole, until context-propagation restores the previous
   * one.
   *
   * @param value the context to enter
   * @throws NullPointerException if {@code value} is null
   */
  @Override
  public void setValue(Snapshot value) {
    if (value == null) {
      throw new NullPointerException("value");
    }
    value.enterWith();
  }

  /** Makes the empty context current: the captured context had no store. */
  @Override
  public void setValue() {
    Snapshot.empty().enterWith();
  }
}

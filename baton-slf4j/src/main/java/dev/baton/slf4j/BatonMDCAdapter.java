package dev.baton.slf4j;

import dev.baton.AsyncLocalStorage;
import dev.baton.slf4j.internal.ContextMap;
import dev.baton.slf4j.internal.MdcState;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.spi.MDCAdapter;

/**
 * An SLF4J {@link MDCAdapter} whose entries live in Baton's context instead of a thread-local map.
 * An entry put with {@code MDC.put} is seen by every task, stage and thread the work is handed to
 * (through the agent or Baton's wrappers), and is gone from the thread when the enclosing {@code
 * run}, task or snapshot run ends, like any store: a pooled thread never carries one request's MDC
 * into the next.
 *
 * <pre>{@code
 * REQUEST_ID.run(id, () -> {
 *   MDC.put("user", user);                   // from here on, in every log line of this request
 *   pool.execute(() -> log.info("finish"));  // the worker's line has user=... too
 * });                                        // and the caller's MDC is as before
 * }</pre>
 *
 * <p>Installed by {@link BatonServiceProvider}. Each change copies a small immutable map, so that a
 * captured context never changes afterwards; the maps that logging events hold are immutable too.
 */
public final class BatonMDCAdapter implements MDCAdapter {

  private static final AsyncLocalStorage<MdcState> STORAGE = MdcState.STORAGE;

  /** Creates an adapter; all adapters share the one MDC of the current context. */
  public BatonMDCAdapter() {}

  private static MdcState current() {
    MdcState state = STORAGE.getStore();
    return state == null ? MdcState.EMPTY : state;
  }

  private static void set(MdcState state) {
    if (state != current()) {
      STORAGE.enterWith(state);
    }
  }

  @Override
  public void put(String key, String val) {
    set(current().with(requireKey(key), val));
  }

  @Override
  public String get(String key) {
    return current().values().get(requireKey(key));
  }

  @Override
  public void remove(String key) {
    set(current().without(requireKey(key)));
  }

  @Override
  public void clear() {
    set(current().withValues(Map.of()));
  }

  /**
   * Returns the entries of the current context.
   *
   * @return an immutable map, empty when there are none; it also remembers the context it was read
   *     in, for {@code %baton} on backends that format events on another thread
   */
  @Override
  public Map<String, String> getCopyOfContextMap() {
    return new ContextMap(current().values(), AsyncLocalStorage.snapshot());
  }

  /**
   * Replaces the entries of the current context with a copy of {@code contextMap}.
   *
   * @param contextMap the new entries; null values are dropped, as {@code put} drops them
   * @throws NullPointerException if {@code contextMap} is null
   */
  @Override
  public void setContextMap(Map<String, String> contextMap) {
    if (contextMap == null) {
      throw new NullPointerException("contextMap");
    }
    set(current().withValues(MdcState.copyOf(contextMap)));
  }

  @Override
  public void pushByKey(String key, String value) {
    set(current().push(requireKey(key), value));
  }

  @Override
  public String popByKey(String key) {
    MdcState state = current();
    String top = state.peek(requireKey(key));
    if (top != null) {
      set(state.pop(key));
    }
    return top;
  }

  @Override
  public Deque<String> getCopyOfDequeByKey(String key) {
    List<String> stack = current().deques().get(requireKey(key));
    if (stack == null) {
      return null;
    }
    // As SLF4J's own adapters: the copy's first element is the top of the stack
    Deque<String> copy = new ArrayDeque<>(stack.size());
    stack.forEach(copy::addFirst);
    return copy;
  }

  @Override
  public void clearDequeByKey(String key) {
    set(current().withoutDeque(requireKey(key)));
  }

  /**
   * Returns the keys of the current context's entries.
   *
   * @return an immutable set
   */
  public Set<String> getKeys() {
    return current().values().keySet();
  }

  private static String requireKey(String key) {
    if (key == null) {
      throw new IllegalArgumentException("key cannot be null");
    }
    return key;
  }
}

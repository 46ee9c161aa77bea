package dev.baton.slf4j;

import dev.baton.AsyncLocalStorage;
import dev.baton.internal.state.IntegrationStorages;
import dev.baton.slf4j.internal.EventContexts;
import dev.baton.slf4j.internal.MdcState;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
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
 * <p>Otherwise it behaves as Logback's and SLF4J's own adapters: a null key is rejected by {@code
 * put} and ignored elsewhere; a null value is kept; {@link #getCopyOfContextMap} returns a new
 * {@code HashMap}, or null before any entry was put and after {@link #clear}; {@code
 * setContextMap(null)} clears. Each adapter has an MDC of its own, so that two logging contexts
 * in one JVM do not see each other's entries.
 *
 * <p>Installed by {@link BatonServiceProvider}. Each change copies a small immutable map, so that a
 * captured context never changes afterwards.
 */
public final class BatonMDCAdapter implements MDCAdapter {

  /** The name of every adapter's storage: printing all named stores leaves the MDC to {@code %X}. */
  public static final String STORAGE_NAME = "slf4j.mdc";

  private final AsyncLocalStorage<MdcState> storage = IntegrationStorages.mark(new AsyncLocalStorage<>(STORAGE_NAME));

  /** Creates an adapter with an MDC of its own. */
  public BatonMDCAdapter() {}

  private MdcState current() {
    MdcState state = storage.getStore();
    return state == null ? MdcState.NONE : state;
  }

  private void set(MdcState state) {
    if (state != current()) {
      storage.enterWith(state);
    }
  }

  /**
   * Puts an entry in the MDC of the current context.
   *
   * @param key the key
   * @param val the value; may be null
   * @throws IllegalArgumentException if {@code key} is null
   */
  @Override
  public void put(String key, String val) {
    if (key == null) {
      throw new IllegalArgumentException("key cannot be null");
    }
    set(current().with(key, val));
  }

  @Override
  public String get(String key) {
    Map<String, String> values = current().values();
    return key == null || values == null ? null : values.get(key);
  }

  @Override
  public void remove(String key) {
    if (key != null) {
      set(current().without(key));
    }
  }

  @Override
  public void clear() {
    set(current().withValues(null));
  }

  /**
   * Returns a copy of the entries of the current context.
   *
   * @return a new map, or null when no entry was put, or since {@link #clear}
   */
  @Override
  public Map<String, String> getCopyOfContextMap() {
    Map<String, String> values = current().values();
    return values == null ? null : new HashMap<>(values);
  }

  /**
   * Replaces the entries of the current context with a copy of {@code contextMap}.
   *
   * @param contextMap the new entries; null clears them
   */
  @Override
  public void setContextMap(Map<String, String> contextMap) {
    set(current().withValues(contextMap));
  }

  @Override
  public void pushByKey(String key, String value) {
    if (key != null) {
      set(current().push(key, value));
    }
  }

  @Override
  public String popByKey(String key) {
    if (key == null) {
      return null;
    }
    MdcState state = current();
    String top = state.peek(key);
    if (top != null) {
      set(state.pop(key));
    }
    return top;
  }

  @Override
  public Deque<String> getCopyOfDequeByKey(String key) {
    List<String> stack = key == null ? null : current().deques().get(key);
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
    if (key != null) {
      set(current().withoutDeque(key));
    }
  }

  /**
   * Returns the keys of the current context's entries.
   *
   * @return an immutable set, or null when there is no entry map (as Logback's adapter)
   */
  public Set<String> getKeys() {
    Map<String, String> values = current().values();
    return values == null ? null : Collections.unmodifiableSet(values.keySet());
  }

  /**
   * Returns the entries as a logging event records them: a new unmodifiable map each time, plain
   * and serializable, remembered with the current context so that Baton's Logback converter
   * prints the logging thread's stores wherever the event is formatted.
   *
   * @return the map, or null when there is neither an entry nor a store to record
   */
  public Map<String, String> getPropertyMap() {
    return EventContexts.record(current());
  }
}

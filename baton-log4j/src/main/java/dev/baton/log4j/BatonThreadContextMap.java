package dev.baton.log4j;

import dev.baton.AsyncLocalStorage;
import dev.baton.internal.state.IntegrationStorages;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.logging.log4j.spi.CleanableThreadContextMap;
import org.apache.logging.log4j.spi.ReadOnlyThreadContextMap;
import org.apache.logging.log4j.util.PropertiesUtil;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * Log4j 2's {@code ThreadContext} map kept in Baton's context instead of a thread-local: an entry
 * put with {@code ThreadContext.put} (or SLF4J's {@code MDC.put} through {@code
 * log4j-slf4j2-impl}) is seen by every task, stage and thread the work is handed to, and is gone
 * from the thread when the enclosing {@code run}, task or snapshot run ends. A pooled thread never
 * carries one request's entries into the next.
 *
 * <p>Selected with one Log4j property, as a system property or in {@code
 * log4j2.component.properties}:
 *
 * <pre>{@code
 * log4j2.threadContextMap=dev.baton.log4j.BatonThreadContextMap
 * }</pre>
 *
 * <pre>{@code
 * REQUEST_ID.run(id, () -> {
 *   ThreadContext.put("user", user);          // from here on, in every event of this request
 *   pool.execute(() -> log.info("finish"));   // the worker's event has user=... too
 * });                                         // and the caller's map is as before
 * }</pre>
 *
 * <p>Otherwise it behaves as Log4j's default map: a null key is rejected by {@code put} with a
 * {@link NullPointerException}; null values are kept; {@link #getCopy} returns a new mutable map;
 * {@link #getImmutableMapOrNull} returns null before any entry was put and after {@link #clear}.
 * Each change copies a small immutable map, so that an event or a captured context never sees
 * later changes, and reads allocate nothing.
 */
public final class BatonThreadContextMap implements CleanableThreadContextMap, ReadOnlyThreadContextMap {

  /** The name of the map's storage: printing all named stores leaves the map to {@code %X}. */
  public static final String STORAGE_NAME = "log4j.threadContext";

  private static final Entries NO_MAP = new Entries(null);

  /** Log4j's property (as {@code log4j2.isThreadContextMapInheritable}) for maps new threads inherit. */
  private static final String INHERITABLE = "isThreadContextMapInheritable";

  private final AsyncLocalStorage<Entries> storage = IntegrationStorages.mark(new AsyncLocalStorage<>(STORAGE_NAME));

  /**
   * With inheritance configured, each thread's own map: what the context of the thread that made
   * it held then. Null without it.
   */
  private final InheritableThreadLocal<Entries> inherited;

  /**
   * Creates a map; Log4j creates the one {@code ThreadContext} uses. With Log4j's {@code
   * log4j2.isThreadContextMapInheritable=true}, a new thread starts with the entries of the
   * thread that made it, as with Log4j's default map, with or without Baton's agent.
   */
  public BatonThreadContextMap() {
    this(PropertiesUtil.getProperties().getBooleanProperty(INHERITABLE));
  }

  BatonThreadContextMap(boolean inheritable) {
    this.inherited =
        !inheritable
            ? null
            : new InheritableThreadLocal<>() {
              @Override
              protected Entries childValue(Entries parents) {
                return current(); // called on the parent thread, as it makes the child
              }
            };
  }

  private Entries current() {
    Entries entries = storage.getStore();
    if (inherited != null) {
      // Read on every thread that uses the map, so that the threads it makes inherit
      Entries own = inherited.get();
      if (entries == null) {
        entries = own;
      }
    }
    return entries == null ? NO_MAP : entries;
  }

  private void set(Entries entries) {
    if (entries != current()) {
      storage.enterWith(entries);
    }
  }

  /**
   * Puts an entry in the map of the current context.
   *
   * @param key the key
   * @param value the value; may be null
   * @throws NullPointerException if {@code key} is null
   */
  @Override
  public void put(String key, String value) {
    Objects.requireNonNull(key, "key");
    Entries entries = current();
    if (entries.data != null && entries.data.containsKey(key) && Objects.equals(value, entries.data.getValue(key))) {
      return;
    }
    StringMap copy = entries.mutableCopy(1);
    copy.putValue(key, value);
    set(new Entries(copy));
  }

  /**
   * Puts every entry of {@code map} in the map of the current context, in one change.
   *
   * @param map the entries
   * @throws NullPointerException if {@code map} or one of its keys is null
   */
  @Override
  public void putAll(Map<String, String> map) {
    Objects.requireNonNull(map, "map");
    if (map.isEmpty()) {
      return;
    }
    StringMap copy = current().mutableCopy(map.size());
    map.forEach(
        (key, value) -> copy.putValue(Objects.requireNonNull(key, "a key of map"), value));
    set(new Entries(copy));
  }

  @Override
  public String get(String key) {
    StringMap data = current().data;
    return data == null ? null : data.getValue(key);
  }

  @Override
  public boolean containsKey(String key) {
    StringMap data = current().data;
    return data != null && data.containsKey(key);
  }

  @Override
  public void remove(String key) {
    Entries entries = current();
    if (entries.data != null && entries.data.containsKey(key)) {
      StringMap copy = entries.mutableCopy(0);
      copy.remove(key);
      set(new Entries(copy));
    }
  }

  /**
   * Removes every key of {@code keys} from the map of the current context, in one change.
   *
   * @param keys the keys
   * @throws NullPointerException if {@code keys} is null
   */
  @Override
  public void removeAll(Iterable<String> keys) {
    Objects.requireNonNull(keys, "keys");
    Entries entries = current();
    if (entries.data == null) {
      return;
    }
    StringMap copy = entries.mutableCopy(0);
    for (String key : keys) {
      copy.remove(key);
    }
    if (copy.size() != entries.data.size()) {
      set(new Entries(copy));
    }
  }

  @Override
  public void clear() {
    set(NO_MAP);
  }

  @Override
  public boolean isEmpty() {
    StringMap data = current().data;
    return data == null || data.isEmpty();
  }

  /** Returns a new mutable map of the current context's entries, empty when there are none. */
  @Override
  public Map<String, String> getCopy() {
    StringMap data = current().data;
    return data == null ? new HashMap<>() : data.toMap();
  }

  /**
   * Returns the current context's entries as an immutable map.
   *
   * @return the map, or null when no entry was put, or since {@link #clear}
   */
  @Override
  public Map<String, String> getImmutableMapOrNull() {
    return current().asMap();
  }

  /** Returns the current context's entries, frozen: later changes make a new map. */
  @Override
  public StringMap getReadOnlyContextData() {
    StringMap data = current().data;
    return data == null ? Entries.EMPTY : data;
  }

  @Override
  public String toString() {
    StringMap data = current().data;
    return data == null ? "{}" : data.toString();
  }

  /** One context's entries, never changed once made; null data where Log4j's map has none. */
  private static final class Entries {
    static final StringMap EMPTY = frozen(new SortedArrayStringMap(0));

    final StringMap data;
    private Map<String, String> map;

    Entries(StringMap data) {
      this.data = data == null ? null : frozen(data);
    }

    StringMap mutableCopy(int extra) {
      SortedArrayStringMap copy = new SortedArrayStringMap((data == null ? 0 : data.size()) + extra);
      if (data != null) {
        copy.putAll(data);
      }
      return copy;
    }

    Map<String, String> asMap() {
      if (data == null) {
        return null;
      }
      Map<String, String> view = map;
      if (view == null) {
        // Racy but safe: the unmodifiable map's final field publishes its contents
        view = map = Collections.unmodifiableMap(data.toMap());
      }
      return view;
    }

    private static StringMap frozen(StringMap data) {
      data.freeze();
      return data;
    }
  }
}

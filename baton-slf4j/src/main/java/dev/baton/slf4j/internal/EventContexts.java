package dev.baton.slf4j.internal;

import dev.baton.AsyncLocalStorage;
import dev.baton.Snapshot;
import dev.baton.internal.state.WeakIdentityTable;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The MDC map a logging event records, and the context it was recorded in. A backend that formats
 * events on another thread (Logback's {@code AsyncAppender}) records the MDC on the logging thread;
 * the context remembered beside the map lets Baton's converter print that thread's stores rather
 * than the appender's. The map itself is a plain, serializable {@code java.util} map, so that
 * events travel to remote appenders as the backend's own would.
 */
public final class EventContexts {

  /** Each event's map, held weakly, to the context it was recorded in. */
  private static final WeakIdentityTable CONTEXTS = new WeakIdentityTable();

  private EventContexts() {}

  /**
   * Returns the map an event records for {@code state}, a new object for every event, and
   * remembers the current context with it; null when there is nothing to record.
   */
  public static Map<String, String> record(MdcState state) {
    Snapshot context = AsyncLocalStorage.snapshot();
    if (state.values() == null && context.isEmpty()) {
      return null;
    }
    // A map of its own for each event: the context is remembered by the map's identity
    Map<String, String> recorded =
        Collections.unmodifiableMap(state.values() == null ? new HashMap<>() : new HashMap<>(state.values()));
    if (!context.isEmpty()) {
      CONTEXTS.put(recorded, context);
    }
    return recorded;
  }

  /** The context {@code recorded} was recorded in, or null when it is not such a map. */
  public static Snapshot contextOf(Map<String, String> recorded) {
    return recorded == null ? null : (Snapshot) CONTEXTS.get(recorded);
  }
}

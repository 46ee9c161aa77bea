package dev.baton.slf4j.internal;

import dev.baton.Snapshot;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * The MDC entries handed to a logging backend, together with the context they were read in. A
 * backend that formats events on another thread (Logback's {@code AsyncAppender}) reads the MDC
 * on the logging thread; the context travelling with it lets Baton's converter print the stores
 * of that thread rather than of the appender's.
 */
public final class ContextMap extends AbstractMap<String, String> {

  private final Map<String, String> values;
  private final Snapshot context;

  public ContextMap(Map<String, String> values, Snapshot context) {
    this.values = values;
    this.context = context;
  }

  public Snapshot context() {
    return context;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return values.entrySet();
  }

  @Override
  public String get(Object key) {
    return values.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return values.containsKey(key);
  }

  @Override
  public int size() {
    return values.size();
  }
}

package dev.baton.slf4j.logback;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.baton.slf4j.BatonMDCAdapter;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

/**
 * Baton's MDC ({@link BatonMDCAdapter}) as Logback's own adapter type, which Logback's events read
 * through {@link #getPropertyMap()}: an event records a plain, serializable map ({@code
 * SocketAppender} and every remote appender work as with Logback's adapter), and Baton's converter
 * still prints the stores of the thread that logged. {@link dev.baton.slf4j.BatonServiceProvider}
 * installs it when the backend is Logback; each instance has an MDC of its own.
 */
public final class BatonLogbackMDCAdapter extends LogbackMDCAdapter {

  private final BatonMDCAdapter mdc = new BatonMDCAdapter();

  /** Creates an adapter with an MDC of its own. */
  public BatonLogbackMDCAdapter() {}

  @Override
  public void put(String key, String val) {
    mdc.put(key, val);
  }

  @Override
  public String get(String key) {
    return mdc.get(key);
  }

  @Override
  public void remove(String key) {
    mdc.remove(key);
  }

  @Override
  public void clear() {
    mdc.clear();
  }

  /**
   * Returns the entries as a logging event records them; see {@link
   * BatonMDCAdapter#getPropertyMap()}.
   *
   * @return a new unmodifiable map, or null when there is nothing to record
   */
  @Override
  public Map<String, String> getPropertyMap() {
    return mdc.getPropertyMap();
  }

  @Override
  public Map<String, String> getCopyOfContextMap() {
    return mdc.getCopyOfContextMap();
  }

  @Override
  public Set<String> getKeys() {
    return mdc.getKeys();
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"}) // Logback's signature is raw
  public void setContextMap(Map contextMap) {
    mdc.setContextMap(contextMap);
  }

  @Override
  public void pushByKey(String key, String value) {
    mdc.pushByKey(key, value);
  }

  @Override
  public String popByKey(String key) {
    return mdc.popByKey(key);
  }

  @Override
  public Deque<String> getCopyOfDequeByKey(String key) {
    return mdc.getCopyOfDequeByKey(key);
  }

  @Override
  public void clearDequeByKey(String key) {
    mdc.clearDequeByKey(key);
  }
}

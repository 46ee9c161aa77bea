package dev.baton.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal event emitter: listeners run synchronously, in registration order, on emit. */
public final class EventEmitter {

  private final Map<String, List<Runnable>> listeners = new LinkedHashMap<>();

  /**
   * Registers a listener.
   *
   * @param event the event name
   * @param listener what to run on each emit of {@code event}
   * @return this emitter
   */
  public synchronized EventEmitter on(String event, Runnable listener) {
    listeners.computeIfAbsent(event, name -> new ArrayList<>()).add(listener);
    return this;
  }

  /**
   * Runs the listeners of {@code event} in the caller's thread.
   *
   * @param event the event name
   */
  public void emit(String event) {
    List<Runnable> toRun;
    synchronized (this) {
      toRun = new ArrayList<>(listeners.getOrDefault(event, List.of()));
    }
    toRun.forEach(Runnable::run);
  }
}

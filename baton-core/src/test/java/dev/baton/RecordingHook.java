package dev.baton;

import java.util.ArrayList;
import java.util.List;

/** An async hook that records its events as strings, for asserting their order. */
final class RecordingHook implements AsyncHook.Callbacks {

  private final List<String> events = new ArrayList<>();
  private final AsyncHook hook = AsyncHooks.createHook(this);

  static RecordingHook enabled() {
    RecordingHook recording = new RecordingHook();
    recording.hook.enable();
    return recording;
  }

  void disable() {
    hook.disable();
  }

  AsyncHook hook() {
    return hook;
  }

  synchronized List<String> events() {
    return new ArrayList<>(events);
  }

  /** The events of one resource only, without its id. */
  synchronized List<String> eventsOf(long asyncId) {
    List<String> mine = new ArrayList<>();
    for (String event : events) {
      String[] parts = event.split(" ");
      if (parts[1].equals(Long.toString(asyncId))) {
        mine.add(parts[0]);
      }
    }
    return mine;
  }

  @Override
  public synchronized void init(long asyncId, String type, long triggerAsyncId, Object resource) {
    events.add("init " + asyncId + " " + type + " " + triggerAsyncId);
  }

  @Override
  public synchronized void before(long asyncId) {
    events.add("before " + asyncId + " scope=" + AsyncHooks.executionAsyncId());
  }

  @Override
  public synchronized void after(long asyncId) {
    events.add("after " + asyncId + " scope=" + AsyncHooks.executionAsyncId());
  }

  @Override
  public synchronized void destroy(long asyncId) {
    events.add("destroy " + asyncId);
  }
}

package dev.baton.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The contexts of several pending submissions of one task object, oldest first: what {@link
 * Attachments} keeps for an object submitted again before its earlier submissions ran (a lambda
 * that captures nothing is one object for its whole life, and may be queued thousands of times).
 * Consecutive submissions from the same context are counted rather than stored again, so that
 * adding and taking are constant time and allocate nothing in the common case.
 *
 * <p>Guarded by its own monitor, which nothing else locks. Once emptied it is closed: the object's
 * field is then cleared, and an adder that still found it starts again from the field.
 */
final class PendingRuns {

  private Object[] captured = new Object[4];
  private int[] counts = new int[4];
  private int head;
  private int blocks;
  private boolean closed;

  PendingRuns(Object first, Object second) {
    add(first);
    add(second);
  }

  /** Queues {@code capture} after the others; false when closed. */
  synchronized boolean add(Object capture) {
    if (closed) {
      return false;
    }
    if (blocks > 0) {
      int last = index(blocks - 1);
      if (captured[last] == capture) {
        counts[last]++;
        return true;
      }
    }
    if (blocks == captured.length) {
      grow();
    }
    int next = index(blocks++);
    captured[next] = capture;
    counts[next] = 1;
    return true;
  }

  /** Takes the oldest context; null when closed. Closes when that was the last one. */
  synchronized Object take() {
    if (closed) {
      return null;
    }
    Object oldest = captured[head];
    if (--counts[head] == 0) {
      captured[head] = null;
      head = index(1);
      blocks--;
    }
    closed = blocks == 0;
    return oldest;
  }

  /**
   * Removes the newest context that is {@code capture}, or, when {@code capture} is null, the
   * newest one made in {@code frame}; returns it, or null when there is none.
   */
  synchronized Object removeNewest(Object capture, Object[] frame) {
    for (int i = blocks - 1; i >= 0; i--) {
      int at = index(i);
      Object candidate = captured[at];
      if (candidate == capture || capture == null && TaskContexts.frameOf(candidate) == frame) {
        if (--counts[at] == 0) {
          removeBlock(i);
        }
        closed = blocks == 0;
        return candidate;
      }
    }
    return null;
  }

  /** Removes every context and closes; returns them, oldest first, once per pending run. */
  synchronized List<Object> drain() {
    List<Object> all = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      int at = index(i);
      for (int n = 0; n < counts[at]; n++) {
        all.add(captured[at]);
      }
      captured[at] = null;
    }
    blocks = 0;
    closed = true;
    return all;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  private int index(int offset) {
    return (head + offset) % captured.length;
  }

  private void removeBlock(int offset) {
    for (int i = offset; i < blocks - 1; i++) {
      captured[index(i)] = captured[index(i + 1)];
      counts[index(i)] = counts[index(i + 1)];
    }
    captured[index(blocks - 1)] = null;
    blocks--;
  }

  private void grow() {
    Object[] moreCaptured = new Object[captured.length * 2];
    int[] moreCounts = new int[counts.length * 2];
    for (int i = 0; i < blocks; i++) {
      moreCaptured[i] = captured[index(i)];
      moreCounts[i] = counts[index(i)];
    }
    captured = moreCaptured;
    counts = moreCounts;
    head = 0;
  }
}

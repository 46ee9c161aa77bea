package dev.baton.internal.handoff;

import dev.baton.internal.tasks.TaskContexts;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The contexts of several pending submissions of one task object, oldest first: what {@link
 * Attachments} keeps for an object submitted again before its earlier submissions ran (a lambda
 * that captures nothing is one object for its whole life, and may be queued thousands of times).
 *
 * <p>While every pending run has the same context (the same object submitted again and again
 * from one context), they are a count, added to and taken from without a lock by the submitting
 * and the running threads. A different context turns it into a queue of counted runs under this
 * object's monitor, which nothing else locks. Once emptied it is closed: the object's field is
 * then cleared, and an adder that still found it starts again from the field.
 */
final class PendingRuns extends Attachments.Held {

  private static final VarHandle COUNT;

  static {
    try {
      COUNT = MethodHandles.lookup().findVarHandle(PendingRuns.class, "count", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int QUEUED = -1;

  /** The context of every pending run while {@link #count} is positive. */
  private final Object first;

  /** How many runs of {@link #first} are pending; 0 once closed; {@link #QUEUED} for a queue. */
  @SuppressWarnings("unused") // through COUNT
  private volatile int count;

  // The queue, guarded by this: runs of equal contexts counted in blocks, oldest first
  private Object[] captured;
  private int[] counts;
  private int head;
  private int blocks;

  PendingRuns(Object first, Object second) {
    this.first = first;
    this.count = 1;
    add(second);
  }

  /** Queues {@code capture} after the others; false when closed. */
  boolean add(Object capture) {
    while (true) {
      int n = count;
      if (n == 0) {
        return false;
      }
      if (n > 0 && capture == first) {
        if (COUNT.compareAndSet(this, n, n + 1)) {
          return true;
        }
        continue;
      }
      synchronized (this) {
        if (count == QUEUED || toQueue()) {
          enqueue(capture);
          return true;
        }
      }
    }
  }

  /** Takes the oldest context; null when closed. Closes when that was the last one. */
  Object take() {
    while (true) {
      int n = count;
      if (n == 0) {
        return null;
      }
      if (n > 0) {
        if (COUNT.compareAndSet(this, n, n - 1)) {
          return first;
        }
        continue;
      }
      synchronized (this) {
        if (count == QUEUED) {
          return dequeue();
        }
      }
    }
  }

  /**
   * Removes the newest context that is {@code capture}, or, when {@code capture} is null, the
   * newest one made in {@code frame}; returns it, or null when there is none.
   */
  synchronized Object removeNewest(Object capture, Object[] frame) {
    if (count != QUEUED) {
      toQueue();
      if (count != QUEUED) {
        return null; // closed
      }
    }
    for (int i = blocks - 1; i >= 0; i--) {
      int at = index(i);
      Object candidate = captured[at];
      if (candidate == capture || capture == null && TaskContexts.frameOf(candidate) == frame) {
        if (--counts[at] == 0) {
          removeBlock(i);
        }
        closeIfEmpty();
        return candidate;
      }
    }
    return null;
  }

  /** Removes every context and closes; returns them, oldest first, once per pending run. */
  synchronized List<Object> drain() {
    List<Object> all = new ArrayList<>();
    if (count != QUEUED) {
      toQueue();
    }
    for (int i = 0; count == QUEUED && i < blocks; i++) {
      int at = index(i);
      for (int n = 0; n < counts[at]; n++) {
        all.add(captured[at]);
      }
      captured[at] = null;
    }
    blocks = 0;
    count = 0;
    return all;
  }

  boolean isClosed() {
    return count == 0;
  }

  @Override
  Object[] frame() {
    return null;
  }

  /** Turns the count into a queue; false when closed. Called holding the monitor. */
  private boolean toQueue() {
    while (true) {
      int n = count;
      if (n <= 0) {
        return n == QUEUED;
      }
      if (COUNT.compareAndSet(this, n, QUEUED)) {
        captured = new Object[4];
        counts = new int[4];
        captured[0] = first;
        counts[0] = n;
        head = 0;
        blocks = 1;
        return true;
      }
    }
  }

  private void enqueue(Object capture) {
    if (blocks > 0) {
      int last = index(blocks - 1);
      if (captured[last] == capture) {
        counts[last]++;
        return;
      }
    }
    if (blocks == captured.length) {
      grow();
    }
    int next = index(blocks++);
    captured[next] = capture;
    counts[next] = 1;
  }

  private Object dequeue() {
    Object oldest = captured[head];
    if (--counts[head] == 0) {
      captured[head] = null;
      head = index(1);
      blocks--;
    }
    closeIfEmpty();
    return oldest;
  }

  private void closeIfEmpty() {
    if (blocks == 0) {
      count = 0;
    }
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

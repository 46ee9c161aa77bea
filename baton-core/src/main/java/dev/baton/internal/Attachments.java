package dev.baton.internal;

import java.util.Arrays;

/**
 * Where the context handed over with a task waits for the task to run: in the field the agent adds
 * to task classes ({@link TaskCarrier}), or, for objects of other classes, in a weak identity
 * table. Nothing wraps the task, so executors, queues and handlers see the application's object.
 *
 * <p>What is attached to a task is one of:
 *
 * <ul>
 *   <li>nothing (null);
 *   <li>the context of one pending submission: a value of {@link TaskContexts#capture}, consumed by
 *       the next run;
 *   <li>{@link Pending}: the contexts of several pending submissions of the same object, consumed
 *       in submission order;
 *   <li>{@link Repeating}: the context of a periodic task or a dependent stage, entered by every
 *       run;
 *   <li>{@link Relay}: an executor's own object handed to another executor during a submission (a
 *       wrapper around the submitted task, a loop that will run it): its run does not enter the
 *       context but tells the submitted task's run where the executor's run began, so that a
 *       context the wrapper sets explicitly wins.
 *   <li>{@link Wrapped}: the context a wrapper the executor created for the task ({@code
 *       FutureTask}) took over from it: the wrapper's run enters it, and the task's run inside it
 *       takes nothing of its own (its other pending submissions' contexts stay for their runs).
 * </ul>
 *
 * <p>Every change is a compare-and-set, as one object may be submitted from several threads at
 * once (a lambda that captures nothing is a single object).
 */
final class Attachments {

  private static final WeakIdentityTable FALLBACK = new WeakIdentityTable();

  private Attachments() {}

  /** The contexts of several pending submissions of one object, oldest first; immutable. */
  static final class Pending {
    final Object[] captured;

    Pending(Object[] captured) {
      this.captured = captured;
    }
  }

  /** The context of a task that runs any number of times. */
  static final class Repeating {
    final Object captured;

    Repeating(Object captured) {
      this.captured = captured;
    }
  }

  /** See the class comment: the frame of the submission and its task (null for several). */
  static final class Relay {
    final Object[] frame;
    final Object target;

    Relay(Object[] frame, Object target) {
      this.frame = frame;
      this.target = target;
    }
  }

  /** See the class comment: a wrapper's context (pending or repeating) and the task it wraps. */
  static final class Wrapped {
    final Object attachment;
    final Object target;

    Wrapped(Object attachment, Object target) {
      this.attachment = attachment;
      this.target = target;
    }
  }

  static Object get(Object task) {
    return task instanceof TaskCarrier
        ? ((TaskCarrier) task).$baton$attachment()
        : FALLBACK.get(task);
  }

  private static boolean compareAndSet(Object task, Object expected, Object replacement) {
    return task instanceof TaskCarrier
        ? ((TaskCarrier) task).$baton$compareAndSet(expected, replacement)
        : FALLBACK.compareAndSet(task, expected, replacement);
  }

  /**
   * Queues {@code captured} for a run of {@code task}, after the submissions already pending.
   * Returns false, attaching nothing, when the task repeats in the context it was registered in,
   * or is an executor's wrapper that already carries its task's.
   */
  static boolean addOnce(Object task, Object captured) {
    while (true) {
      Object current = get(task);
      Object next;
      if (current == null || current instanceof Relay) {
        next = captured;
      } else if (current instanceof Repeating || current instanceof Wrapped) {
        return false;
      } else {
        next = append(current, captured);
      }
      if (compareAndSet(task, current, next)) {
        return true;
      }
    }
  }

  /** Attaches {@code captured} to every run of {@code task}, unless it has a context already. */
  static boolean addRepeating(Object task, Object captured) {
    Repeating repeating = new Repeating(captured);
    while (true) {
      Object current = get(task);
      if (current != null && !(current instanceof Relay)) {
        return false;
      }
      if (compareAndSet(task, current, repeating)) {
        return true;
      }
    }
  }

  /** Makes {@code task} a relay of a submission, unless a context of its own waits on it. */
  static void addRelay(Object task, Object[] frame, Object target) {
    Object current = get(task);
    if (current == null || current instanceof Relay) {
      Relay relay = new Relay(frame, target);
      // A relay that loses a race to a real attachment gives way: relays only refine
      while (!compareAndSet(task, current, relay)) {
        current = get(task);
        if (current != null && !(current instanceof Relay)) {
          return;
        }
      }
    }
  }

  /**
   * Puts {@code attachment}, taken from the object an executor wraps, on the wrapper it created: a
   * context of the wrapper's own (repeating, or pending with a relay arriving) stays.
   */
  static void put(Object task, Object attachment) {
    while (true) {
      Object current = get(task);
      Object next;
      if (current == null || current instanceof Relay) {
        next = attachment;
      } else if (!isCapture(attachment) || !isCapture(current) && !(current instanceof Pending)) {
        return;
      } else {
        next = append(current, attachment);
      }
      if (compareAndSet(task, current, next)) {
        return;
      }
    }
  }

  /**
   * What a run of {@code task} enters: the oldest pending submission's context (consumed), a
   * {@link Repeating} or a {@link Relay} (left in place), or null.
   */
  static Object take(Object task) {
    while (true) {
      Object current = get(task);
      if (current == null
          || current instanceof Repeating
          || current instanceof Relay
          || current instanceof Wrapped && ((Wrapped) current).attachment instanceof Repeating) {
        return current;
      }
      if (current instanceof Pending) {
        Object[] all = ((Pending) current).captured;
        Object rest = all.length == 2 ? all[1] : new Pending(Arrays.copyOfRange(all, 1, all.length));
        if (compareAndSet(task, current, rest)) {
          return all[0];
        }
      } else if (compareAndSet(task, current, null)) {
        return current;
      }
    }
  }

  /** Removes the pending submission whose context is {@code captured}, the newest such; returns it or null. */
  static Object remove(Object task, Object captured) {
    return removeNewest(task, captured, null);
  }

  /**
   * Removes the newest attachment (a pending submission's context, a repeating one, or a relay)
   * made in the frame {@code frame}, and returns it, or null when there is none.
   */
  static Object removeMade(Object task, Object[] frame) {
    return removeNewest(task, null, frame);
  }

  private static Object removeNewest(Object task, Object captured, Object[] frame) {
    while (true) {
      Object current = get(task);
      if (current == null) {
        return null;
      }
      Object removed = null;
      Object rest = null;
      if (current instanceof Pending) {
        Object[] all = ((Pending) current).captured;
        for (int i = all.length - 1; i >= 0 && removed == null; i--) {
          if (all[i] == captured || frame != null && TaskContexts.frameOf(all[i]) == frame) {
            removed = all[i];
            rest = without(all, i);
          }
        }
      } else if (current == captured || frame != null && frameOf(current) == frame) {
        removed = current;
      }
      if (removed == null) {
        return null;
      }
      if (compareAndSet(task, current, rest)) {
        return removed;
      }
    }
  }

  /** Removes the oldest pending submission's context of {@code task}: the one a queue held first. */
  static Object removeOldest(Object task) {
    while (true) {
      Object current = get(task);
      if (current == null || !isCapture(current) && !(current instanceof Pending)) {
        return null;
      }
      Object first = current instanceof Pending ? ((Pending) current).captured[0] : current;
      Object rest = current instanceof Pending ? without(((Pending) current).captured, 0) : null;
      if (compareAndSet(task, current, rest)) {
        return first;
      }
    }
  }

  /** Removes whatever is attached to {@code task} and returns it. */
  static Object clear(Object task) {
    while (true) {
      Object current = get(task);
      if (current == null || compareAndSet(task, current, null)) {
        return current;
      }
    }
  }

  /** The frame an attachment was made in. */
  static Object[] frameOf(Object attachment) {
    if (attachment instanceof Relay) {
      return ((Relay) attachment).frame;
    }
    if (attachment instanceof Wrapped) {
      return frameOf(((Wrapped) attachment).attachment);
    }
    if (attachment instanceof Repeating) {
      return TaskContexts.frameOf(((Repeating) attachment).captured);
    }
    return TaskContexts.frameOf(attachment);
  }

  /** Whether {@code attachment} is the context of one pending submission. */
  static boolean isCapture(Object attachment) {
    return !(attachment instanceof Pending
        || attachment instanceof Repeating
        || attachment instanceof Relay
        || attachment instanceof Wrapped);
  }

  private static Object append(Object current, Object captured) {
    Object[] all;
    if (current instanceof Pending) {
      Object[] before = ((Pending) current).captured;
      all = Arrays.copyOf(before, before.length + 1);
    } else {
      all = new Object[] {current, null};
    }
    all[all.length - 1] = captured;
    return new Pending(all);
  }

  private static Object without(Object[] all, int index) {
    if (all.length == 2) {
      return all[1 - index];
    }
    Object[] rest = new Object[all.length - 1];
    System.arraycopy(all, 0, rest, 0, index);
    System.arraycopy(all, index + 1, rest, index, all.length - index - 1);
    return new Pending(rest);
  }

  /** The number of objects whose attachments live in the fallback table, for tests. */
  static int fallbackSize() {
    return FALLBACK.size();
  }
}

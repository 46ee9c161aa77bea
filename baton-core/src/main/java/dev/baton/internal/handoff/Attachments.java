package dev.baton.internal.handoff;

import dev.baton.internal.state.WeakIdentityTable;
import dev.baton.internal.tasks.TaskContexts;
import java.util.List;

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
 *   <li>{@link PendingRuns}: the contexts of several pending submissions of the same object,
 *       consumed in submission order;
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

  /**
   * An attachment other than the context of one pending submission, which is attached as it was
   * captured: a run that finds one of these knows from its type what to do.
   */
  abstract static sealed class Held permits PendingRuns, Repeating, Relay, Wrapped {
    /** The frame of the submission it was made in; null for several pending submissions. */
    abstract Object[] frame();
  }

  /** The context of a task that runs any number of times. */
  static final class Repeating extends Held {
    final Object captured;

    Repeating(Object captured) {
      this.captured = captured;
    }

    @Override
    Object[] frame() {
      return TaskContexts.frameOf(captured);
    }
  }

  /** See the class comment: the frame of the submission and its task (null for several). */
  static final class Relay extends Held {
    final Object[] frame;
    final Object target;

    Relay(Object[] frame, Object target) {
      this.frame = frame;
      this.target = target;
    }

    @Override
    Object[] frame() {
      return frame;
    }
  }

  /** See the class comment: a wrapper's context (pending or repeating) and the task it wraps. */
  static final class Wrapped extends Held {
    final Object attachment;
    final Object target;

    Wrapped(Object attachment, Object target) {
      this.attachment = attachment;
      this.target = target;
    }

    @Override
    Object[] frame() {
      return frameOf(attachment);
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
      if (current == null || current instanceof Relay) {
        if (compareAndSet(task, current, captured)) {
          return true;
        }
      } else if (current instanceof Repeating || current instanceof Wrapped) {
        return false;
      } else if (current instanceof PendingRuns) {
        if (((PendingRuns) current).add(captured)) {
          return true;
        }
        compareAndSet(task, current, null); // emptied and closed meanwhile
      } else if (compareAndSet(task, current, new PendingRuns(current, captured))) {
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
   * Removes from {@code task} a relay of a submission made in {@code frame}, once the task's run is
   * over: an object that lives on (an executor's own worker) must not keep that submission's
   * context, with its stores. A relay made in another context, or a context of its own, stays.
   */
  static void removeRelay(Object task, Object[] frame) {
    while (true) {
      Object current = get(task);
      if (!(current instanceof Relay) || ((Relay) current).frame != frame) {
        return;
      }
      if (compareAndSet(task, current, null)) {
        return;
      }
    }
  }

  /**
   * Puts {@code attachment}, taken from the object an executor wraps, on the wrapper it created: a
   * context of the wrapper's own (repeating, or pending with a relay arriving) stays.
   */
  static void put(Object task, Object attachment) {
    Object current = get(task);
    if (current == null || current instanceof Relay) {
      if (compareAndSet(task, current, attachment)) {
        return;
      }
    }
    if (isCapture(attachment)) {
      addOnce(task, attachment);
    }
  }

  /**
   * What a run of {@code task} enters: the oldest pending submission's context (consumed), a
   * {@link Repeating}, a {@link Relay} or a repeating {@link Wrapped} (left in place), or null.
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
      if (current instanceof PendingRuns) {
        PendingRuns pending = (PendingRuns) current;
        Object oldest = pending.take();
        if (pending.isClosed()) {
          compareAndSet(task, pending, null);
        }
        if (oldest != null) {
          return oldest;
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
      if (current instanceof PendingRuns) {
        PendingRuns pending = (PendingRuns) current;
        Object removed = pending.removeNewest(captured, frame);
        if (pending.isClosed()) {
          compareAndSet(task, pending, null);
        }
        return removed;
      }
      boolean matches = current == captured || captured == null && frame != null && frameOf(current) == frame;
      if (!matches) {
        return null;
      }
      if (compareAndSet(task, current, null)) {
        return current;
      }
    }
  }

  /** Removes the oldest pending submission's context of {@code task}: the one a queue held first. */
  static Object removeOldest(Object task) {
    while (true) {
      Object current = get(task);
      if (current instanceof PendingRuns) {
        PendingRuns pending = (PendingRuns) current;
        Object oldest = pending.take();
        if (pending.isClosed()) {
          compareAndSet(task, pending, null);
        }
        return oldest;
      }
      if (current == null || !isCapture(current)) {
        return null;
      }
      if (compareAndSet(task, current, null)) {
        return current;
      }
    }
  }

  /**
   * Removes whatever is attached to {@code task} and returns it: the attachment, or, for several
   * pending submissions, the list of their contexts.
   */
  static Object clear(Object task) {
    while (true) {
      Object current = get(task);
      if (current instanceof PendingRuns) {
        List<Object> drained = ((PendingRuns) current).drain();
        compareAndSet(task, current, null);
        return drained;
      }
      if (current == null || compareAndSet(task, current, null)) {
        return current;
      }
    }
  }

  /** The capture an attachment of a run holds: its own, or a repeating one's. */
  static Object capturedIn(Object attachment) {
    return attachment instanceof Repeating ? ((Repeating) attachment).captured : attachment;
  }

  /** The frame an attachment was made in. */
  static Object[] frameOf(Object attachment) {
    return attachment instanceof Held ? ((Held) attachment).frame() : TaskContexts.frameOf(attachment);
  }

  /** Whether {@code attachment} is the context of one pending submission. */
  static boolean isCapture(Object attachment) {
    return !(attachment instanceof Held || attachment instanceof List);
  }

  /** The number of objects whose attachments live in the fallback table, for tests. */
  static int fallbackSize() {
    return FALLBACK.size();
  }
}

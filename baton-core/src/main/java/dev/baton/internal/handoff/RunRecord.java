package dev.baton.internal.handoff;

/**
 * The run of an executor's own object (a relay or a wrapper, see {@link Attachments}) that a
 * thread is inside: kept on the thread's stack of runs ({@link ThreadState#runs}) and reused, so
 * that a nested run costs no allocation once the stack is deep enough.
 */
final class RunRecord {

  /** The executor's object running. */
  Object owner;

  /** The frame of the submission it hands the task over for. */
  Object[] frame;

  /** The task it runs: null for any task of a collection. */
  Object target;

  /** Set once the task ran inside it. */
  boolean targetRan;

  /** Set for a wrapper, whose run entered its task's context itself. */
  boolean entered;

  /** For a relay, the thread's frame when its run began. */
  Object[] began;

  void set(Object owner, Object[] frame, Object target, boolean entered, Object[] began) {
    this.owner = owner;
    this.frame = frame;
    this.target = target;
    this.targetRan = false;
    this.entered = entered;
    this.began = began;
  }

  /** Forgets what it held, so that a record left on the stack keeps nothing alive. */
  void clear() {
    set(null, null, null, false, null);
  }

  /** Whether the task {@code task} has yet to run inside this record's owner. */
  boolean awaits(Object task) {
    return !targetRan && target == task;
  }
}

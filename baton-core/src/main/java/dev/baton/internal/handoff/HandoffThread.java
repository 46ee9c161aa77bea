package dev.baton.internal.handoff;

import dev.baton.internal.state.ThreadState;

/**
 * What the hand-offs keep about one thread, beside its context: the submission under way, the runs
 * of executors' objects it is inside, the future calling its listeners. Only its own thread reads
 * or writes it, so its fields are plain.
 */
public final class HandoffThread {

  private static final ThreadLocal<HandoffThread> CURRENT =
      new ThreadLocal<>() {
        @Override
        protected HandoffThread initialValue() {
          return new HandoffThread(ThreadState.current());
        }
      };

  /** The same thread's context: a hand-off reads both, with one thread-local lookup. */
  final ThreadState state;

  /**
   * The future calling its listeners on this thread, for futures whose listeners are called
   * without it (Vert.x's); see {@link FutureListeners}. Null otherwise.
   */
  Object completingFuture;

  /** How deep this thread is inside executors' submission methods; see {@link Handoffs}. */
  int handingOver;

  /**
   * How deep this thread is inside a pool's own methods that start its lasting threads; what they
   * submit and start is the pool's, and carries no one's context.
   */
  int poolInternals;

  /**
   * While this thread is inside a submission: its frame, the object submitted (null for a
   * collection of tasks) and what was attached to it, for the executor's nested submissions and
   * the wrappers it creates. Null outside submissions and for submissions that attach nothing.
   */
  Object[] submittedFrame;

  Object submitted;
  Object submittedCapture;

  /** Whether the submission under way attached a context to its task (it may keep an earlier one). */
  boolean submittedAttached;

  /**
   * Set by a submission that attached the thread's frame itself (the common case): its frame and
   * capture are then the thread's frame, which no code changes during the submission, and are not
   * stored, as every reference stored here costs the collector's write barrier.
   */
  boolean submittedPlainly;

  /** The frame of the submission under way, or null. */
  Object[] submittedFrame() {
    return submittedPlainly ? state.frame() : submittedFrame;
  }

  /** What the submission under way attached to its task, or null. */
  Object submittedCapture() {
    return submittedPlainly ? state.frame() : submittedCapture;
  }

  /** A submission under way, set aside while what runs inside it hands work over on its own account. */
  static final class Submission {
    final int handingOver;
    final Object[] frame;
    final Object task;
    final Object capture;
    final boolean attached;

    Submission(int handingOver, Object[] frame, Object task, Object capture, boolean attached) {
      this.handingOver = handingOver;
      this.frame = frame;
      this.task = task;
      this.capture = capture;
      this.attached = attached;
    }
  }

  /** Saves the submission under way and clears it, until {@link #resumeSubmission}. */
  Submission suspendSubmission() {
    Submission submission =
        new Submission(handingOver, submittedFrame(), submitted, submittedCapture(), submittedAttached);
    handingOver = 0;
    endSubmission();
    return submission;
  }

  /** Puts back a submission {@link #suspendSubmission} set aside. */
  void resumeSubmission(Submission submission) {
    endSubmission();
    handingOver = submission.handingOver;
    submittedFrame = submission.frame;
    submitted = submission.task;
    submittedCapture = submission.capture;
    submittedAttached = submission.attached;
  }

  /** Forgets the submission that ended. */
  void endSubmission() {
    submittedFrame = null;
    submitted = null;
    submittedCapture = null;
    submittedAttached = false;
    submittedPlainly = false;
  }

  /** The runs of executors' objects this thread is inside, innermost last: see {@link TaskRuns}. */
  RunRecord[] runs = new RunRecord[4];

  int runCount;

  private HandoffThread(ThreadState state) {
    this.state = state;
  }

  /** The calling thread's hand-off state. */
  public static HandoffThread current() {
    return CURRENT.get();
  }
}

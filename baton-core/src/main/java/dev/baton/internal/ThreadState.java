package dev.baton.internal;

import dev.baton.AsyncResource;
import dev.baton.CallableOp;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What one thread is executing in: its current context {@link Frame} and its current execution
 * scope (the {@link AsyncResource} whose callback runs, null at the root). Only its own thread
 * reads or writes it, so its fields are plain.
 *
 * <p>Every context switch in Baton is "save the frame, install another, run, put the saved one
 * back in a {@code finally}": the {@code run}, {@code get} and {@code call} methods below are that
 * switch, shared by storages, snapshots and propagated tasks.
 */
public final class ThreadState {

  /** Async ids are handed to threads in blocks so that allocating one is uncontended. */
  private static final int ID_BLOCK = 128;

  /** 1 is the root scope's id, as in Node; resources start after it. */
  private static final AtomicLong NEXT_ID_BLOCK = new AtomicLong(2);

  private static final ThreadLocal<ThreadState> CURRENT =
      new ThreadLocal<>() {
        @Override
        protected ThreadState initialValue() {
          return new ThreadState();
        }
      };

  /** The current context: never null. */
  Object[] frame = Frame.EMPTY;

  /** The resource whose scope is executing, or null at the root. */
  AsyncResource resource;

  /** How many scopes are open on this thread; see {@link Scopes}. */
  int openScopes;

  /** How many scopes were ever opened on this thread: each scope's id. */
  long scopesOpened;

  /** The id of the scope open at each depth (modulo its length), or null before the first. */
  long[] openScopeIds;

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
   * capture are then {@link #frame}, which no code changes during the submission, and are not
   * stored, as every reference stored here costs the collector's write barrier.
   */
  boolean submittedPlainly;

  /** The frame of the submission under way, or null. */
  Object[] submittedFrame() {
    return submittedPlainly ? frame : submittedFrame;
  }

  /** What the submission under way attached to its task, or null. */
  Object submittedCapture() {
    return submittedPlainly ? frame : submittedCapture;
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

  /** Set while diagnostics run on this thread, so that what they call does not diagnose itself. */
  boolean diagnosing;

  /** Context-loss detection: the hand-off of the work this thread took last, if it had a context. */
  Object lossEvidence;

  /** Context-loss detection: the element this thread took from a queue last, not kept alive. */
  WeakReference<Object> lastTaken;

  /**
   * Strict mode: the frame the last {@code enterWith} made current (not kept alive: only its
   * identity matters), and where it was called.
   */
  WeakReference<Object[]> enterWithFrame;

  StackTraceElement enterWithSite;

  StackTraceElement[] enterWithStack;

  /** Async stack traces: the hand-off of the task running now, or null. */
  TraceHop hop;

  private long nextId;
  private long idLimit;

  private ThreadState() {}

  /**
   * Called on entry of a method that starts threads or forks work without being a submission
   * itself (a pool growing its core threads): threads started inside it are the pool's own.
   */
  public static void enterPoolInternals() {
    ThreadState thread = current();
    thread.handingOver++;
    thread.poolInternals++;
  }

  /** Pairs {@link #enterPoolInternals()}. */
  public static void exitPoolInternals() {
    ThreadState thread = current();
    thread.handingOver--;
    thread.poolInternals--;
  }

  /**
   * Runs {@code action}, whose threads are Baton's own (a cleaner, a purger): they start in no
   * one's context, whoever happened to trigger their creation.
   */
  public static <T> T startingOwnThreads(Supplier<T> action) {
    enterPoolInternals();
    try {
      return action.get();
    } finally {
      exitPoolInternals();
    }
  }

  /** The current context: never null. */
  public Object[] frame() {
    return frame;
  }

  /** Makes {@code frame} the current context, until something replaces it. */
  public void enter(Object[] frame) {
    this.frame = frame;
  }

  /** The resource whose scope is executing, or null at the root. */
  public AsyncResource resource() {
    return resource;
  }

  /** Makes {@code frame} the current context and {@code resource}'s scope the executing one. */
  public void enterScope(Object[] frame, AsyncResource resource) {
    this.frame = frame;
    this.resource = resource;
  }

  /** The calling thread's state. */
  public static ThreadState current() {
    return CURRENT.get();
  }

  /** A process-wide unique async id greater than 1. */
  public long newAsyncId() {
    if (nextId == idLimit) {
      nextId = NEXT_ID_BLOCK.getAndAdd(ID_BLOCK);
      idLimit = nextId + ID_BLOCK;
    }
    return nextId++;
  }

  /** Runs {@code fn} with {@code context} current, then restores the current context. */
  public void run(Object[] context, Runnable fn) {
    Object[] saved = frame;
    frame = context;
    try {
      fn.run();
    } finally {
      frame = saved;
    }
  }

  /** As {@link #run}, returning {@code fn}'s value. */
  public <R> R get(Object[] context, Supplier<R> fn) {
    Object[] saved = frame;
    frame = context;
    try {
      return fn.get();
    } finally {
      frame = saved;
    }
  }

  /** As {@link #run}, for an operation that may throw a checked exception. */
  public <R, X extends Throwable> R call(Object[] context, CallableOp<R, X> op) throws X {
    Object[] saved = frame;
    frame = context;
    try {
      return op.call();
    } finally {
      frame = saved;
    }
  }
}

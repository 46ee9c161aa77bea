package dev.baton.internal.state;

import dev.baton.CallableOp;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What one thread is executing in: its current context {@link Frame} and its current execution
 * scope (the {@link dev.baton.AsyncResource} whose callback runs, null at the root). Only its own
 * thread reads or writes it, so its fields are plain. What the hand-offs and the diagnostics keep
 * per thread lives apart, with them.
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
  Object resource;

  /** How many scopes are open on this thread; see {@link Scopes}. */
  int openScopes;

  /** How many scopes were ever opened on this thread: each scope's id. */
  long scopesOpened;

  /** The id of the scope open at each depth (modulo its length), or null before the first. */
  long[] openScopeIds;

  /** Async stack traces: the hand-off of the task running now, or null. */
  TraceHop hop;

  private long nextId;
  private long idLimit;

  private ThreadState() {}

  /** The current context: never null. */
  public Object[] frame() {
    return frame;
  }

  /** Makes {@code frame} the current context, until something replaces it. */
  public void enter(Object[] frame) {
    this.frame = frame;
  }

  /** The resource whose scope is executing, or null at the root. */
  public Object resource() {
    return resource;
  }

  /** Makes {@code frame} the current context and {@code resource}'s scope the executing one. */
  public void enterScope(Object[] frame, Object resource) {
    this.frame = frame;
    this.resource = resource;
  }

  /** The hand-off of the task running now, for async stack traces; null when it is not traced. */
  public TraceHop hop() {
    return hop;
  }

  /** Makes {@code hop} the hand-off of the task running now. */
  public void hop(TraceHop hop) {
    this.hop = hop;
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

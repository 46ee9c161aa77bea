package dev.baton.internal.diagnostics;

import dev.baton.internal.state.ThreadState;
import dev.baton.internal.state.TraceHop;
import dev.baton.internal.state.WeakIdentityTable;

/**
 * Async stack traces: with tracing on, each hand-off records where it happened ({@link TraceHop})
 * and the task carries it to where it runs; exceptions created while it runs are linked to it.
 */
public final class Traces {

  static volatile boolean enabled;
  static volatile boolean attachToEscaping;
  static volatile int maxDepth = 8;
  private static final int FRAMES_PER_HOP = 16;

  /** Exceptions created while a traced task ran, to the hop of that task. */
  private static final WeakIdentityTable THROWN = new WeakIdentityTable();

  /** Set by the agent: installs the instrumentation that links exceptions to tasks. */
  private static volatile Runnable throwableInstrumentation;

  private Traces() {}

  /** Initialises what tracing runs; see {@link Diagnosis#prepare()}. */
  static void prepare() {
    TraceHop hop = new TraceHop("Task", "", new StackTraceElement[0], null, 1);
    new SubmittedFrom(hop).getMessage();
    THROWN.get(hop);
    new Traced(null, hop).getClass();
  }

  public static void throwableInstrumentation(Runnable installer) {
    throwableInstrumentation = installer;
  }

  public static synchronized void enable(int depth, boolean attach) {
    if (depth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1, got " + depth);
    }
    Runnable installer = throwableInstrumentation;
    if (installer != null && !enabled) {
      Diagnosis.prepare();
      installer.run();
    }
    maxDepth = depth;
    attachToEscaping = attach;
    enabled = true;
  }

  public static synchronized void disable() {
    enabled = false;
    attachToEscaping = false;
  }

  public static boolean isEnabled() {
    return enabled;
  }

  /** What a task captured, with where it was handed over. */
  public static final class Traced {
    public final Object captured;
    public final TraceHop hop;

    Traced(Object captured, TraceHop hop) {
      this.captured = captured;
      this.hop = hop;
    }
  }

  /** Wraps {@code captured} with the hop of the hand-off happening now. */
  public static Object capture(Object captured, String kind) {
    ThreadState thread = ThreadState.current();
    DiagnosedThread diagnosed = DiagnosedThread.current();
    if (diagnosed.diagnosing) {
      return captured;
    }
    diagnosed.diagnosing = true;
    try {
      StackTraceElement[] stack = Sites.elements(Sites.application(FRAMES_PER_HOP));
      TraceHop hop = new TraceHop(kind, Thread.currentThread().getName(), stack, thread.hop(), maxDepth);
      return new Traced(captured, hop);
    } catch (RuntimeException | LinkageError failure) {
      Diagnosis.failed("async tracing", failure);
      return captured;
    } finally {
      diagnosed.diagnosing = false;
    }
  }

  /** Called when an exception is created: links it to the task running now, if traced. */
  public static void onThrowable(Throwable throwable) {
    if (!enabled) {
      return;
    }
    ThreadState thread = ThreadState.current();
    if (thread.hop() == null) {
      return; // the common case: no traced task runs here, and no diagnostics state is looked up
    }
    DiagnosedThread diagnosed = DiagnosedThread.current();
    if (diagnosed.diagnosing) {
      return;
    }
    diagnosed.diagnosing = true;
    try {
      THROWN.putIfAbsent(throwable, thread.hop());
    } finally {
      diagnosed.diagnosing = false;
    }
  }

  /**
   * Called when {@code throwable} escapes a task: links it to the task, and with attaching on, adds
   * the chain to it as suppressed exceptions, which every printer of its stack trace shows.
   */
  public static void onEscape(Throwable throwable) {
    if (!enabled || throwable == null) {
      return;
    }
    TraceHop hop = ThreadState.current().hop();
    if (hop == null) {
      return;
    }
    DiagnosedThread diagnosed = DiagnosedThread.current();
    if (diagnosed.diagnosing) {
      return;
    }
    diagnosed.diagnosing = true;
    try {
      THROWN.putIfAbsent(throwable, hop);
      if (attachToEscaping && !hasChain(throwable)) {
        for (TraceHop at = hop; at != null; at = at.parent) {
          throwable.addSuppressed(new SubmittedFrom(at));
        }
      }
    } catch (RuntimeException | LinkageError failure) {
      Diagnosis.failed("async tracing", failure); // the task's own exception goes on unchanged
    } finally {
      diagnosed.diagnosing = false;
    }
  }

  private static boolean hasChain(Throwable throwable) {
    for (Throwable suppressed : throwable.getSuppressed()) {
      if (suppressed instanceof SubmittedFrom) {
        return true;
      }
    }
    return false;
  }

  /** The hop of {@code throwable} or of the first of its causes that has one, or null. */
  public static TraceHop of(Throwable throwable) {
    for (Throwable at = throwable; at != null; at = at.getCause()) {
      Object hop = THROWN.get(at);
      if (hop != null) {
        return (TraceHop) hop;
      }
      if (at.getCause() == at) {
        break;
      }
    }
    return null;
  }

  /** The hop of the task running on this thread, or null. */
  public static TraceHop current() {
    return ThreadState.current().hop();
  }

  /** A hop, as a suppressed exception whose stack trace is the hand-off's. */
  public static final class SubmittedFrom extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SubmittedFrom(TraceHop hop) {
      super(hop.kind + " handed over on thread \"" + hop.threadName + "\"", null, false, true);
      setStackTrace(hop.stack);
    }

    /** The stack is the hand-off's, set by the constructor: nothing to walk. */
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}

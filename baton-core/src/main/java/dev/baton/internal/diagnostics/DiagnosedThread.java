package dev.baton.internal.diagnostics;

import java.lang.ref.WeakReference;

/**
 * What diagnostics keep about one thread, beside its context. Looked up only while a diagnostic is
 * on, so that a thread whose diagnostics are off never carries one. Only its own thread reads or
 * writes it, so its fields are plain.
 */
final class DiagnosedThread {

  // An anonymous class, not a lambda: diagnostics run inside JDK code that linking one goes through
  private static final ThreadLocal<DiagnosedThread> CURRENT =
      new ThreadLocal<>() {
        @Override
        protected DiagnosedThread initialValue() {
          return new DiagnosedThread();
        }
      };

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

  private DiagnosedThread() {}

  static DiagnosedThread current() {
    return CURRENT.get();
  }
}

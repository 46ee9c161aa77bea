package dev.baton.internal.diagnostics;

import dev.baton.internal.util.Reports;

/**
 * What the agent's diagnostics report from instrumented JDK code (queues, concurrent maps,
 * exceptions), routed to context-loss detection and async stack traces. What those call may go
 * through the same JDK code (a map, a queue), so a diagnostic never runs inside another on its
 * thread, and one that fails is reported, instead of failing the JDK method.
 */
public final class DiagnosticEvents {

  private static final int ENQUEUE = 0;
  private static final int DEQUEUE = 1;
  private static final int REGISTER = 2;
  private static final int THROWABLE = 3;

  private DiagnosticEvents() {}

  /** Called by the agent when an element goes into a concurrent queue. */
  public static void onEnqueue(Object element) {
    if (Diagnosis.detectingLoss) {
      diagnose(ENQUEUE, element);
    }
  }

  /** Called by the agent when an element comes out of a concurrent queue. */
  public static void onDequeue(Object element) {
    if (Diagnosis.detectingLoss) {
      diagnose(DEQUEUE, element);
    }
  }

  /** Called by the agent when a callback is stored in a concurrent collection. */
  public static void onRegister(Object callback) {
    if (Diagnosis.detectingLoss) {
      diagnose(REGISTER, callback);
    }
  }

  /** Called by the agent when an exception is created. */
  public static void onThrowable(Throwable throwable) {
    if (Traces.enabled) {
      diagnose(THROWABLE, throwable);
    }
  }

  private static void diagnose(int diagnostic, Object subject) {
    DiagnosedThread thread;
    try {
      thread = DiagnosedThread.current();
    } catch (ClassCircularityError loadingBaton) {
      return; // a JDK map used while Baton's own classes load: nothing of the application's
    }
    if (thread.diagnosing) {
      return;
    }
    try {
      // No lambdas here: linking one goes through the very maps and queues being diagnosed
      switch (diagnostic) {
        case ENQUEUE:
          LossDetector.onEnqueue(subject);
          break;
        case DEQUEUE:
          LossDetector.onDequeue(subject);
          break;
        case REGISTER:
          LossDetector.onRegister(subject);
          break;
        default:
          Traces.onThrowable((Throwable) subject);
      }
    } catch (RuntimeException | LinkageError failure) {
      thread.diagnosing = true;
      try {
        Reports.BATON.report(
            "could not diagnose " + subject.getClass().getName(), "it runs without it: " + failure);
      } finally {
        thread.diagnosing = false;
      }
    }
  }
}

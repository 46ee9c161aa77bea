package dev.baton.internal.diagnostics;

import dev.baton.internal.state.ThreadState;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * Strict mode's checks. {@code enterWith} notes where it was called; entering a task checks that
 * the thread's own context is not one an {@code enterWith} left current (the thread went back to
 * its pool holding it); leaving a task checks that the task ends in the context it started with.
 */
public final class Strictness {

  private Strictness() {}

  /** Called after an {@code enterWith} made {@code thread.frame()} current. */
  static void onEnterWith(ThreadState thread) {
    DiagnosedThread diagnosed = DiagnosedThread.current();
    List<StackWalker.StackFrame> frames = Sites.application(16);
    diagnosed.enterWithFrame = new WeakReference<>(thread.frame());
    diagnosed.enterWithSite = Sites.first(frames);
    diagnosed.enterWithStack = Sites.elements(frames);
  }

  /** A task is about to run in {@code entered} on a thread whose context is {@code own}. */
  public static void onTaskStart(ThreadState thread, Object[] own) {
    DiagnosedThread diagnosed = DiagnosedThread.current();
    if (own.length == 0 || !enteredWith(diagnosed, own)) {
      return;
    }
    String name = Thread.currentThread().getName();
    String message =
        "baton: strict: the context entered with enterWith at "
            + diagnosed.enterWithSite
            + " (holding "
            + String.join(", ", Sites.storeNames(own))
            + ") was still current on thread \""
            + name
            + "\" when the thread went back to its pool and took its next task.\n  Code on that"
            + " thread that Baton does not hand a context to sees it: use AsyncLocalStorage.run"
            + " instead of enterWith, or enterWith only inside a task."
            + Sites.describe(diagnosed.enterWithStack, "The enterWith");
    Diagnosis.report(
        "left|" + diagnosed.enterWithSite,
        new Finding(
            Finding.Kind.ENTER_WITH_LEFT_CURRENT,
            message,
            diagnosed.enterWithSite,
            diagnosed.enterWithSite,
            Sites.storeNames(own),
            name,
            diagnosed.enterWithStack));
  }

  /** A task that started in {@code entered} ends in {@code thread.frame()}. */
  public static void onTaskEnd(ThreadState thread, Object[] entered) {
    DiagnosedThread diagnosed = DiagnosedThread.current();
    Object[] ended = thread.frame();
    if (ended == entered) {
      return;
    }
    List<StackWalker.StackFrame> frames = Sites.application(16);
    StackTraceElement site = Sites.first(frames);
    boolean byEnterWith = enteredWith(diagnosed, ended);
    StackTraceElement enteredAt = byEnterWith ? diagnosed.enterWithSite : null;
    StackTraceElement[] stack = byEnterWith ? diagnosed.enterWithStack : Sites.elements(frames);
    String name = Thread.currentThread().getName();
    String message =
        "baton: strict: a task on thread \""
            + name
            + "\" ended in another context than it started in (before: "
            + describe(entered)
            + "; after: "
            + describe(ended)
            + ")"
            + (enteredAt == null ? "" : ", entered with enterWith at " + enteredAt)
            + (site == null ? "" : "; the task ended at " + site)
            + ".\n  Baton gives the thread its context back, but the same code run where nothing"
            + " restores it leaks that context into the next work: use AsyncLocalStorage.run."
            + Sites.describe(stack, byEnterWith ? "The enterWith" : "The task's end");
    Diagnosis.report(
        "changed|" + enteredAt + "|" + site,
        new Finding(
            Finding.Kind.TASK_CHANGED_CONTEXT,
            message,
            site,
            enteredAt,
            Sites.storeNames(ended),
            name,
            stack));
  }

  private static boolean enteredWith(DiagnosedThread thread, Object[] frame) {
    return thread.enterWithFrame != null && thread.enterWithFrame.get() == frame;
  }

  private static String describe(Object[] frame) {
    return frame.length == 0 ? "no store" : String.join(", ", Sites.storeNames(frame));
  }
}

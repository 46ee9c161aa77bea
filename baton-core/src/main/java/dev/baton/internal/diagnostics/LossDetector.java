package dev.baton.internal.diagnostics;

import dev.baton.internal.state.Frame;
import dev.baton.internal.state.ThreadState;
import dev.baton.internal.state.WeakIdentityTable;
import java.lang.ref.WeakReference;
import java.util.EventListener;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Context-loss detection. The agent reports two kinds of hand-off Baton does not propagate
 * through: an element put into a concurrent queue by code that had a context ({@link
 * #onEnqueue}), taken by a thread that has none ({@link #onDequeue}); and a callback stored in a
 * concurrent collection by code that had a context ({@link #onRegister}). When a store is then
 * read and found missing in a thread with an empty context ({@link #onMiss}), the read is traced
 * back to its hand-off: the element the thread took last, or a registered callback whose class is
 * on the stack.
 */
public final class LossDetector {

  private static final WeakIdentityTable HANDED_OVER = new WeakIdentityTable();
  private static final WeakIdentityTable CALLBACK_CLASSES = new WeakIdentityTable();

  /** Whether any callback was registered in a context: until one is, misses need no stack walk. */
  private static volatile boolean anyCallback;

  private LossDetector() {}

  /** Initialises what the detector runs; see {@link Diagnosis#prepare()}. */
  static void prepare() {
    Evidence.here(Frame.EMPTY);
    HANDED_OVER.remove(LossDetector.class);
    isCallback(LossDetector.class);
  }

  /** Where some work was handed over, and in what context. */
  static final class Evidence {
    final StackTraceElement site;
    final StackTraceElement caller;
    final String through;
    final List<String> storeNames;
    final StackTraceElement[] stack;

    Evidence(
        StackTraceElement site,
        StackTraceElement caller,
        String through,
        List<String> storeNames,
        StackTraceElement[] stack) {
      this.site = site;
      this.caller = caller;
      this.through = through;
      this.storeNames = storeNames;
      this.stack = stack;
    }

    static Evidence here(Object[] frame) {
      List<StackWalker.StackFrame> frames = Sites.application(16);
      int at = Sites.firstIndex(frames);
      StackTraceElement site = at < 0 ? null : frames.get(at).toStackTraceElement();
      StackTraceElement caller = null;
      for (int i = at + 1; at >= 0 && i < frames.size(); i++) {
        if (!frames.get(i).getDeclaringClass().isHidden()) {
          caller = frames.get(i).toStackTraceElement();
          break;
        }
      }
      return new Evidence(
          site, caller, Sites.firstJdkMethod(frames), Sites.storeNames(frame), Sites.elements(frames));
    }
  }

  /** An element goes into a queue. */
  static void onEnqueue(Object element) {
    if (!Diagnosis.detectingLoss || element == null) {
      return;
    }
    ThreadState thread = ThreadState.current();
    if (thread.frame().length == 0) {
      return; // nothing to lose, and no diagnostics state looked up
    }
    DiagnosedThread diagnosed = DiagnosedThread.current();
    if (diagnosed.diagnosing || Diagnosis.carriesContext(element)) {
      return;
    }
    diagnosed.diagnosing = true;
    try {
      Evidence evidence = Evidence.here(thread.frame());
      HANDED_OVER.put(element, evidence);
      // Listener queues are iterated rather than drained: the callback's class is the trace
      rememberCallbackClass(element.getClass(), evidence);
    } finally {
      diagnosed.diagnosing = false;
    }
  }

  /** An element comes out of a queue: the work the taking thread starts now. */
  static void onDequeue(Object element) {
    if (!Diagnosis.detectingLoss || element == null) {
      return;
    }
    ThreadState thread = ThreadState.current();
    DiagnosedThread diagnosed = DiagnosedThread.current();
    if (diagnosed.diagnosing) {
      return;
    }
    Object evidence = HANDED_OVER.remove(element);
    if (evidence == null && diagnosed.lastTaken != null && element == diagnosed.lastTaken.get()) {
      return; // one removal calling another (remove() calls poll()): the same hand-off
    }
    diagnosed.lastTaken = new WeakReference<>(element);
    diagnosed.lossEvidence = evidence != null && thread.frame().length == 0 ? evidence : null;
  }

  /** A callback is stored in a concurrent collection, to be called later by whoever fires it. */
  static void onRegister(Object callback) {
    if (!Diagnosis.detectingLoss || callback == null) {
      return;
    }
    ThreadState thread = ThreadState.current();
    if (thread.frame().length == 0) {
      return;
    }
    DiagnosedThread diagnosed = DiagnosedThread.current();
    if (diagnosed.diagnosing) {
      return;
    }
    Class<?> type = callback.getClass();
    if (CALLBACK_CLASSES.get(type) != null || !isCallback(type) || Diagnosis.carriesContext(callback)) {
      return;
    }
    diagnosed.diagnosing = true;
    try {
      rememberCallbackClass(type, Evidence.here(thread.frame()));
    } finally {
      diagnosed.diagnosing = false;
    }
  }

  /** The storage named {@code storageName} was read and has no store here. */
  static void onMiss(String storageName) {
    if (ThreadState.current().frame().length != 0) {
      return; // the context is not lost, only this storage is absent from it
    }
    DiagnosedThread diagnosed = DiagnosedThread.current();
    if (diagnosed.diagnosing) {
      return;
    }
    Evidence evidence = (Evidence) diagnosed.lossEvidence;
    if (evidence == null && !anyCallback) {
      return;
    }
    diagnosed.diagnosing = true;
    try {
      List<StackWalker.StackFrame> frames = Sites.application(64);
      if (evidence == null) {
        for (StackWalker.StackFrame frame : frames) {
          evidence = (Evidence) CALLBACK_CLASSES.get(frame.getDeclaringClass());
          if (evidence != null) {
            break;
          }
        }
      }
      if (evidence != null) {
        report(storageName, Sites.first(frames), evidence);
      }
    } finally {
      diagnosed.diagnosing = false;
    }
  }

  private static void report(String storageName, StackTraceElement read, Evidence evidence) {
    String thread = Thread.currentThread().getName();
    String name = storageName.isEmpty() ? "an unnamed storage" : "\"" + storageName + "\"";
    String message =
        "baton: context lost: getStore() of "
            + name
            + " found no store at "
            + read
            + ", on thread \""
            + thread
            + "\".\n  The work was handed over at "
            + evidence.site
            + (evidence.caller == null ? "" : ", called from " + evidence.caller)
            + (evidence.through == null ? "" : ", through " + evidence.through)
            + ", by code whose context held "
            + String.join(", ", evidence.storeNames)
            + ".\n  Baton does not propagate through that hand-off: hand over AsyncLocalStorage.bind(work)"
            + " or AsyncResource.bind(work) instead, or pass AsyncLocalStorage.snapshot() along with"
            + " the work and run it in that snapshot."
            + Sites.describe(evidence.stack, "The hand-off");
    Diagnosis.report(
        "loss|" + read + "|" + evidence.site,
        new Finding(
            Finding.Kind.CONTEXT_LOSS,
            message,
            read,
            evidence.site,
            evidence.storeNames,
            thread,
            evidence.stack));
  }

  /** The first hand-off of a callback class is the one reported for every callback of it. */
  private static void rememberCallbackClass(Class<?> type, Evidence evidence) {
    if (CALLBACK_CLASSES.get(type) == null && isCallback(type)) {
      CALLBACK_CLASSES.put(type, evidence);
      anyCallback = true;
    }
  }

  private static boolean isCallback(Class<?> type) {
    if (type.isHidden()
        || Runnable.class.isAssignableFrom(type)
        || Callable.class.isAssignableFrom(type)
        || EventListener.class.isAssignableFrom(type)) {
      return true;
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> implemented : c.getInterfaces()) {
        if (implemented.isAnnotationPresent(FunctionalInterface.class)) {
          return true;
        }
      }
    }
    return false;
  }
}

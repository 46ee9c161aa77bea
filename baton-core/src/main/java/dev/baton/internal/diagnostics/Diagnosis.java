package dev.baton.internal.diagnostics;

import dev.baton.internal.state.ThreadState;
import dev.baton.internal.util.Reports;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The switches of {@link dev.baton.Diagnostics} and where its reports go. The switches are read on paths
 * that are otherwise cold (a store found missing, an {@code enterWith}, a task entered with a
 * diagnosis pending), so that Baton costs nothing more when they are off.
 */
public final class Diagnosis {

  /** Reports printed and passed to listeners at most this many distinct times in a JVM. */
  private static final int MAX_DISTINCT_REPORTS = 10_000;

  static volatile boolean detectingLoss;
  static volatile boolean strict;

  private static final List<Consumer<? super Finding>> LISTENERS =
      new CopyOnWriteArrayList<>();
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  /** Set by the agent: installs the instrumentation that context-loss detection needs. */
  private static volatile Runnable lossInstrumentation;

  /** Set by the agent with the former: whether an object already carries a context to where it runs. */
  private static volatile Predicate<Object> carriesContext = object -> false;

  private Diagnosis() {}

  /**
   * Called by the agent with what installs the queue and registration instrumentation, and with
   * how to tell a task or callback that the agent hands over with its context: no loss to report
   * on those.
   */
  public static void lossInstrumentation(Runnable installer, Predicate<Object> carriesContext) {
    Diagnosis.carriesContext = carriesContext;
    lossInstrumentation = installer;
  }

  static boolean carriesContext(Object object) {
    return carriesContext.test(object);
  }

  public static synchronized void detectContextLoss(boolean enabled) {
    if (enabled && !detectingLoss) {
      Runnable installer = lossInstrumentation;
      if (installer == null) {
        throw new IllegalStateException(
            "Context-loss detection needs the Baton agent (-javaagent:baton-agent.jar), which"
                + " observes the hand-offs it reports on");
      }
      prepare();
      installer.run();
    }
    detectingLoss = enabled;
  }

  /**
   * Loads and initialises the classes diagnostics run, before the JDK code they watch is
   * instrumented: that code runs while classes load, and must not find Baton's own half-loaded.
   */
  static void prepare() {
    ThreadState.current();
    DiagnosedThread.current();
    LossDetector.prepare();
    Traces.prepare();
    Strictness.class.getName();
    Finding.Kind.values();
  }

  public static boolean isDetectingContextLoss() {
    return detectingLoss;
  }

  public static void strictMode(boolean enabled) {
    strict = enabled;
  }

  public static boolean isStrict() {
    return strict;
  }

  /** Called when the storage named {@code storageName} has no store on this thread. */
  public static void onMiss(String storageName) {
    if (detectingLoss) {
      try {
        LossDetector.onMiss(storageName);
      } catch (RuntimeException | LinkageError failure) {
        failed("context-loss detection", failure);
      }
    }
  }

  /** Called after an {@code enterWith} on {@code thread}. */
  public static void onEnterWith(ThreadState thread) {
    if (strict) {
      try {
        Strictness.onEnterWith(thread);
      } catch (RuntimeException | LinkageError failure) {
        failed("strict mode", failure);
      }
    }
  }

  /**
   * A diagnostic that fails must not fail the application's call: it is reported, and the call
   * goes on as if diagnostics were off.
   */
  public static void failed(String diagnostic, Throwable failure) {
    Reports.BATON.report(diagnostic + " failed", "it is skipped here: " + failure);
  }

  public static void addListener(Consumer<? super Finding> listener) {
    LISTENERS.add(listener);
  }

  public static void removeListener(Consumer<? super Finding> listener) {
    LISTENERS.remove(listener);
  }

  /** Prints and hands on {@code finding}, the first time its {@code key} is seen. */
  static void report(String key, Finding finding) {
    if (REPORTED.size() >= MAX_DISTINCT_REPORTS) {
      if (REPORTED.add("")) {
        System.err.println("baton: " + MAX_DISTINCT_REPORTS + " distinct diagnostics reported; no more");
      }
      return;
    }
    if (!REPORTED.add(key)) {
      return;
    }
    System.err.println(finding.message);
    for (Consumer<? super Finding> listener : LISTENERS) {
      try {
        listener.accept(finding);
      } catch (RuntimeException failure) {
        Reports.BATON.report("a diagnostics listener threw", failure.toString());
      }
    }
  }

  /** Forgets which reports were made, so that they are made again; for tests. */
  public static void forgetReports() {
    REPORTED.clear();
  }
}

package dev.baton;

import dev.baton.internal.diagnostics.Diagnosis;
import dev.baton.internal.diagnostics.Finding;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Finds the bugs context tracking is prone to, and says where they are. Two tools, off by default
 * and free when off:
 *
 * <ul>
 *   <li><b>Context-loss detection</b> (needs the agent): when code reads a store and finds none
 *       because the work it runs in was handed over through something Baton does not propagate (a
 *       hand-rolled queue and its consumer thread, a callback registry), Baton reports it once per
 *       place, naming where the work was handed over and in what context, and how to bind it.
 *   <li><b>Strict mode</b>: reports an {@code enterWith} whose context is still current when its
 *       thread goes back to a pool or ends, and a task that ends in another context than it
 *       started with: the habits that leak one request's data into the next where nothing
 *       restores the context.
 * </ul>
 *
 * <p>Turn them on with the agent's options ({@code -javaagent:baton-agent.jar=detectContextLoss=true;strict=true},
 * or the system properties {@code baton.agent.detectContextLoss} and {@code baton.agent.strict}) or
 * here. Reports go to standard error and to the listeners added here.
 *
 * <pre>{@code
 * Diagnostics.detectContextLoss(true);
 * try (Diagnostics.Listening listening = Diagnostics.addListener(report -> log.warn("{}", report))) {
 *   ...
 * }
 * }</pre>
 */
public final class Diagnostics {

  private Diagnostics() {}

  /**
   * Turns context-loss detection on or off.
   *
   * @param enabled whether to detect
   * @throws IllegalStateException when turning it on without the Baton agent, which observes the
   *     hand-offs the detector needs to see
   */
  public static void detectContextLoss(boolean enabled) {
    Diagnosis.detectContextLoss(enabled);
  }

  /**
   * Whether context-loss detection is on.
   *
   * @return true when on
   */
  public static boolean isDetectingContextLoss() {
    return Diagnosis.isDetectingContextLoss();
  }

  /**
   * Turns strict mode on or off.
   *
   * @param enabled whether to check
   */
  public static void strictMode(boolean enabled) {
    Diagnosis.strictMode(enabled);
  }

  /**
   * Whether strict mode is on.
   *
   * @return true when on
   */
  public static boolean isStrict() {
    return Diagnosis.isStrict();
  }

  /**
   * Adds a listener for reports, besides standard error, until the returned handle is closed.
   * Listeners run on the thread where the problem is seen; one that throws is reported on standard
   * error and does not stop the others.
   *
   * @param listener what to do with each report
   * @return the handle that removes the listener
   * @throws NullPointerException if {@code listener} is null
   */
  public static Listening addListener(Consumer<? super Report> listener) {
    Objects.requireNonNull(listener, "listener");
    // Loaded now, not while diagnostics run inside the JDK code they watch
    Kind.values();
    Consumer<Finding> delivery = finding -> listener.accept(new Report(finding));
    Diagnosis.addListener(delivery);
    return () -> Diagnosis.removeListener(delivery);
  }

  /** Removes a listener when closed. */
  @FunctionalInterface
  public interface Listening extends AutoCloseable {
    @Override
    void close();
  }

  /** What a report is about. */
  public enum Kind {
    /** A store was read and found missing because its work was handed over without its context. */
    CONTEXT_LOSS,
    /** A context entered with {@code enterWith} was still current when its thread went back to a pool or ended. */
    ENTER_WITH_LEFT_CURRENT,
    /** A task ended in another context than the one it started in. */
    TASK_CHANGED_CONTEXT
  }

  /** One problem, seen once at one place. Immutable; made by Baton only. */
  public static final class Report {
    private final Kind kind;
    private final String message;
    private final StackTraceElement site;
    private final StackTraceElement handOffSite;
    private final List<String> storeNames;
    private final String threadName;
    private final List<StackTraceElement> stack;

    private Report(Finding finding) {
      this.kind = Kind.valueOf(finding.kind.name());
      this.message = finding.message;
      this.site = finding.site;
      this.handOffSite = finding.handOffSite;
      this.storeNames = finding.storeNames;
      this.threadName = finding.threadName;
      this.stack = finding.stack;
    }

    /**
     * What the report is about.
     *
     * @return the kind
     */
    public Kind kind() {
      return kind;
    }

    /**
     * The full text, as printed.
     *
     * @return the message
     */
    public String message() {
      return message;
    }

    /**
     * Where the problem was seen (the read, the task's end).
     *
     * @return the site, or null if unknown
     */
    public StackTraceElement site() {
      return site;
    }

    /**
     * Where the work was handed over (context loss) or where the context was entered (strict mode).
     *
     * @return the site, or null if unknown
     */
    public StackTraceElement handOffSite() {
      return handOffSite;
    }

    /**
     * The names of the storages involved.
     *
     * @return an immutable list
     */
    public List<String> storeNames() {
      return storeNames;
    }

    /**
     * The thread where the problem was seen.
     *
     * @return its name
     */
    public String threadName() {
      return threadName;
    }

    /**
     * The stack of where the problem was caused: the code that handed the work over (context
     * loss) or the {@code enterWith} (strict mode), Baton's frames left out.
     *
     * @return at most 16 frames, innermost first; empty if unknown
     */
    public List<StackTraceElement> stack() {
      return stack;
    }

    @Override
    public String toString() {
      return message;
    }
  }
}

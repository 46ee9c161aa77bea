package dev.baton.internal.util;

/**
 * Faults injected into Baton's own work at named points, so that tests can prove that a failure
 * inside Baton never fails the application's call. Off unless the JVM runs with {@code
 * -Dbaton.faults=true}, and then a constant the JIT folds away: nothing is checked in production.
 */
public final class Faults {

  /** Submitting a task: capturing and attaching its context. */
  public static final String SUBMIT = "submit";
  /** Running a task: entering its context. */
  public static final String RUN = "run";
  /** Adding a listener to a future that calls its listeners itself. */
  public static final String LISTENER_ADDED = "listener added";
  /** Calling such a listener. */
  public static final String LISTENER_CALL = "listener call";
  /** Giving a listener's executor the context of the code that added it. */
  public static final String LISTENER_EXECUTOR = "listener executor";

  private static final boolean ENABLED = Boolean.getBoolean("baton.faults");

  private static volatile String armed;

  private Faults() {}

  /**
   * Makes Baton's work at {@code point} throw until {@link #disarm}.
   *
   * @throws IllegalStateException if the JVM does not run with {@code -Dbaton.faults=true}
   */
  public static void arm(String point) {
    if (!ENABLED) {
      throw new IllegalStateException("faults are injected only with -Dbaton.faults=true");
    }
    armed = point;
  }

  /** Stops injecting faults. */
  public static void disarm() {
    armed = null;
  }

  /**
   * Whether no fault is armed: the short paths that cannot fail are taken only then, so that an
   * armed fault is met on the general path. Always true in production, and folded away.
   */
  public static boolean none() {
    return !ENABLED || armed == null;
  }

  /** Throws where a fault is armed at {@code point}. */
  public static void at(String point) {
    if (ENABLED && point.equals(armed)) {
      throw new IllegalStateException("fault injected at " + point);
    }
  }
}

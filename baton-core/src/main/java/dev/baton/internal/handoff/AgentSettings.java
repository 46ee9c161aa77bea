package dev.baton.internal.handoff;

import java.util.Set;

/**
 * What the agent tells Baton's core as it starts: that it is installed, the classes it leaves
 * alone, and the classes of libraries' lasting threads and periodic tasks. Read on every hand-off,
 * written once.
 */
public final class AgentSettings {

  /**
   * Classes the agent was told to leave alone. Tasks of these classes are wrapped at submission
   * like lambdas, so that an excluded task still runs in its submitter's context.
   */
  private static volatile Set<String> excluded = Set.of();

  /**
   * The classes of libraries' lasting threads and periodic tasks: whoever's request starts or
   * schedules them, they run in no one's context.
   */
  private static volatile Set<String> background = Set.of();

  private static volatile boolean agentInstalled;

  private AgentSettings() {}

  /** Called once by the agent, after its instrumentation is in place. */
  public static void agentInstalled() {
    agentInstalled = true;
  }

  /** Whether the agent instruments this JVM. */
  public static boolean isAgentInstalled() {
    return agentInstalled;
  }

  /** Called once by the agent, before it instruments anything, with the classes to leave alone. */
  public static void exclude(Set<String> classNames) {
    excluded = Set.copyOf(classNames);
  }

  /** Called once by the agent, before it instruments anything, with the libraries' background classes. */
  public static void background(Set<String> classNames) {
    background = Set.copyOf(classNames);
  }

  /** Whether {@code className} is one of a library's lasting threads or periodic tasks. */
  static boolean isBackground(String className) {
    return background.contains(className);
  }

  /**
   * Whether the agent instruments the run methods of {@code type}: every class but the JDK's own
   * outside its concurrency classes, threads and timers, and the classes it was told to leave
   * alone. A hidden class (a lambda) is instrumented when the agent saw it being defined, which
   * gave it a field for its context. Tasks of other classes are wrapped at submission.
   */
  public static boolean isInstrumented(Class<?> type) {
    if (TaskCarrier.class.isAssignableFrom(type)) {
      return true;
    }
    return !type.isHidden() && isInstrumentedName(type.getName());
  }

  /** As {@link #isInstrumented(Class)}, by class name, for classes not defined yet. */
  public static boolean isInstrumentedName(String className) {
    if (excluded.contains(className)) {
      return false;
    }
    boolean jdk =
        className.startsWith("java.")
            || className.startsWith("javax.")
            || className.startsWith("jdk.")
            || className.startsWith("sun.")
            || className.startsWith("com.sun.");
    return !jdk
        || className.startsWith("java.util.concurrent.")
        || className.equals("java.lang.Thread")
        || className.equals("java.lang.VirtualThread")
        || className.equals("java.util.Timer")
        || className.equals("java.util.TimerTask");
  }
}

package dev.baton.internal.handoff;

import dev.baton.internal.util.Reports;
import java.util.concurrent.Callable;

/**
 * Lambdas as tasks. The JVM defines a lambda's class as a hidden class, which no class file
 * transformer sees; the agent makes the JDK's lambda factory pass the bytes of each lambda class
 * through {@link #transform} before defining it, so that a {@code Runnable} or {@code Callable}
 * lambda is instrumented like any task class and keeps its identity when submitted, and a lambda
 * listener of a Vert.x future enters the context it was added in.
 */
public final class LambdaClasses {

  /** The agent's transformation of a class about to be defined. */
  public interface Transformer {
    /**
     * Returns the transformed class file, or null to leave it as it is.
     *
     * @param internalName the class's name, with slashes
     * @param classFile the class file
     * @param host the class the lambda is defined in: its loader, module and domain are the lambda's
     */
    byte[] transform(String internalName, byte[] classFile, Class<?> host) throws Exception;
  }

  /** Named, not referenced: Vert.x is the application's, and may be absent. */
  private static final String VERTX_LISTENER = "io.vertx.core.Completable";

  private static volatile Transformer transformer;

  private LambdaClasses() {}

  /** Called once by the agent, before it makes the lambda factory call {@link #transform}. */
  public static void install(Transformer agent) {
    transformer = agent;
  }

  /**
   * Called by the JDK's lambda factory with the class file of a lambda class it is about to
   * define; returns the class file to define. Lambdas of other interfaces than {@code Runnable},
   * {@code Callable} and Vert.x's {@code Completable} are left alone, and a failure leaves the
   * lambda as it was: it is then wrapped when submitted, as before the agent.
   */
  public static byte[] transform(
      byte[] classFile, String internalName, Class<?> host, Class<?> functionalInterface) {
    Transformer agent = transformer;
    if (agent == null
        || !(Runnable.class.isAssignableFrom(functionalInterface)
            || Callable.class.isAssignableFrom(functionalInterface)
            || functionalInterface.getName().equals(VERTX_LISTENER))) {
      return classFile;
    }
    try {
      byte[] transformed = agent.transform(internalName, classFile, host);
      return transformed == null ? classFile : transformed;
    } catch (Throwable failure) {
      Reports.BATON.report(
          "could not instrument a lambda class",
          internalName + " (" + failure + "); lambdas that cannot be instrumented are wrapped when submitted");
      return classFile;
    }
  }
}

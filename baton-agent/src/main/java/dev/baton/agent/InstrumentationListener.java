package dev.baton.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * One line per class that cannot be instrumented (it runs unchanged); with debug, also one per
 * class instrumented, and the classes skipped because a type they refer to is missing.
 */
final class InstrumentationListener extends AgentBuilder.Listener.Adapter {

  private final boolean debug;

  InstrumentationListener(boolean debug) {
    this.debug = debug;
  }

  @Override
  public void onTransformation(
      TypeDescription type,
      ClassLoader classLoader,
      JavaModule module,
      boolean loaded,
      DynamicType dynamicType) {
    instrumented(type.getName());
  }

  /** The class named {@code typeName} was rewritten. */
  void instrumented(String typeName) {
    if (debug) {
      System.err.println("baton-agent: instrumented " + typeName);
    }
  }

  /** The classes of {@code loader} cannot link to Baton's: they run unchanged. */
  void cannotSeeBaton(ClassLoader loader) {
    System.err.println(
        "baton-agent: the classes of "
            + loader
            + " cannot see Baton's, on the bootstrap class path, and run unchanged;"
            + " have it delegate dev.baton.* to its parent (OSGi: org.osgi.framework.bootdelegation=dev.baton.*)");
  }

  @Override
  public void onError(
      String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable error) {
    if (error instanceof TypePool.Resolution.NoSuchTypeException && !debug) {
      // A type it extends or implements is missing: the JVM refuses the class too (libraries
      // probing for optional dependencies do this on purpose), so there is nothing to report
      return;
    }
    System.err.println(
        "baton-agent: could not instrument " + typeName + " (" + error + "); it runs unchanged");
  }
}

package dev.baton.agent;

import dev.baton.internal.handoff.AgentSettings;

/**
 * The classes being defined that the agent's transformer describes: those an instrumentation
 * names ({@link NamedTypes}) and those with one of the supertypes the agent cares about ({@link
 * Hierarchy}, read from class file headers). Every other class an application loads, most of them,
 * costs one look at its name and its header instead of a full description and a dozen matchers.
 * Classes being retransformed always go through: the JVM asks for them again as they were.
 */
final class RelevantClasses {

  private RelevantClasses() {}

  static boolean relevant(String internalName, byte[] classFile, ClassLoader classLoader) {
    if (internalName == null || classFile == null) {
      return true;
    }
    try {
      String name = internalName.replace('/', '.');
      ByName byName = ByName.of(name);
      return byName == ByName.BY_SUPERTYPES
          ? Hierarchy.mayInstrument(name, classFile, classLoader)
          : byName == ByName.NAMED;
    } catch (RuntimeException | LinkageError unreadable) {
      return true; // the transformer decides, and reports what it cannot read
    }
  }

  /**
   * Whether the class named {@code name} is Baton's own, on the bootstrap class path: applications
   * in {@code dev.baton.*} are instrumented.
   */
  static boolean isBatonItself(String name, ClassLoader loader) {
    return loader == null && name.startsWith("dev.baton.");
  }

  /**
   * What a class's name alone says: the instrumentations ignore it (the JDK outside its
   * concurrency classes but the lambda factory, the user's exclusions, the agent and ByteBuddy),
   * an instrumentation names it, or its supertypes decide.
   */
  enum ByName {
    NAMED,
    IGNORED,
    BY_SUPERTYPES;

    static ByName of(String name) {
      if (name.equals(LambdaFactoryVisitor.FACTORY)) {
        return NAMED;
      }
      if (!AgentSettings.isInstrumentedName(name) || name.startsWith("dev.baton.agent.") || name.startsWith("net.bytebuddy.")) {
        return IGNORED;
      }
      return NamedTypes.mentions(name) ? NAMED : BY_SUPERTYPES;
    }
  }
}

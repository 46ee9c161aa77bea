package dev.baton.agent;

import dev.baton.internal.handoff.AgentSettings;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Hands ByteBuddy only the classes an instrumentation may apply to: those an instrumentation names
 * ({@link NamedTypes}) and those with one of the supertypes the agent cares about ({@link
 * Hierarchy}, read from class file headers). Every other class an application loads, most of them,
 * costs one look at its name and its header instead of a full description and a dozen matchers.
 * Classes being retransformed always go through: the JVM asks for them again as they were.
 */
final class RelevantClasses implements AgentBuilder.TransformerDecorator {

  static final RelevantClasses INSTANCE = new RelevantClasses();

  private RelevantClasses() {}

  @Override
  public ResettableClassFileTransformer decorate(ResettableClassFileTransformer transformer) {
    return new Filtering(transformer);
  }

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
      return true; // ByteBuddy decides, and reports what it cannot read
    }
  }

  /**
   * What a class's name alone says: an instrumentation names it, the instrumentations ignore it
   * (the JDK outside its concurrency classes, the user's exclusions, the agent and ByteBuddy), or
   * its supertypes decide.
   */
  enum ByName {
    NAMED,
    IGNORED,
    BY_SUPERTYPES;

    static ByName of(String name) {
      if (name.equals(LambdaFactoryVisitor.FACTORY) || NamedTypes.mentions(name)) {
        return NAMED;
      }
      if (!AgentSettings.isInstrumentedName(name) || name.startsWith("dev.baton.agent.") || name.startsWith("net.bytebuddy.")) {
        return IGNORED;
      }
      return BY_SUPERTYPES;
    }
  }

  /** The transformer ByteBuddy made, behind the filter. */
  private static final class Filtering extends ResettableClassFileTransformer.WithDelegation {

    Filtering(ResettableClassFileTransformer transformer) {
      super(transformer);
    }

    @Override
    public byte[] transform(
        ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile)
        throws IllegalClassFormatException {
      return redefined == null && !relevant(name, classFile, loader)
          ? null
          : classFileTransformer.transform(loader, name, redefined, domain, classFile);
    }

    @Override
    public byte[] transform(
        Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile)
        throws IllegalClassFormatException {
      return redefined == null && !relevant(name, classFile, loader)
          ? null
          : classFileTransformer.transform(module, loader, name, redefined, domain, classFile);
    }
  }
}

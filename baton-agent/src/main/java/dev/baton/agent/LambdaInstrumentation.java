package dev.baton.agent;

import java.io.IOException;

/**
 * Lambda classes are hidden classes, which no class file transformer sees: the JDK's lambda
 * factory is made to hand the class file of each lambda to the agent's transformer before defining
 * it, unless this JDK's factory is not the one Baton knows.
 */
final class LambdaInstrumentation implements BoundaryInstrumentation {

  private final boolean debug;

  LambdaInstrumentation(boolean debug) {
    this.debug = debug;
  }

  @Override
  public Transformations addTo(Transformations transformations) {
    return transformations.type(new KnownFactory(debug)).transform(LambdaFactoryVisitor.INSTANCE);
  }

  /** The JDK's lambda factory, when it is as {@link LambdaFactoryVisitor} knows it. */
  private static final class KnownFactory extends TypeMatcher {
    private final TypeMatcher named = NamedTypes.named(LambdaFactoryVisitor.FACTORY);
    private volatile boolean told;
    private final boolean debug;

    KnownFactory(boolean debug) {
      this.debug = debug;
    }

    @Override
    boolean matches(ClassShape type, ClassLoader loader, Class<?> redefined) {
      if (loader != null || !named.matches(type, loader, redefined)) {
        return false;
      }
      boolean known;
      try {
        known = LambdaFactoryVisitor.isKnown(type, redefined);
      } catch (IOException unreadable) {
        known = false;
      }
      if (!known && debug && !told) {
        told = true; // a second line, if two threads race here, says the same
        System.err.println(
            "baton-agent: this JDK's lambda factory is not the one Baton knows; lambdas are wrapped when submitted");
      }
      return known;
    }
  }
}

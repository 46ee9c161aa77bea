package dev.baton.agent;

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
    return transformations
        .type(NamedTypes.named(LambdaFactoryVisitor.FACTORY))
        .transform(
            (type, next) -> {
              LambdaFactoryVisitor visitor = LambdaFactoryVisitor.forFactory(type);
              if (visitor == null) {
                if (debug) {
                  System.err.println(
                      "baton-agent: this JDK's lambda factory is not the one Baton knows; lambdas are wrapped when submitted");
                }
                return next;
              }
              return visitor.visitor(type, next);
            });
  }
}

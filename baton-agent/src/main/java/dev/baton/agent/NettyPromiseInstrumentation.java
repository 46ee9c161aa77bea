package dev.baton.agent;

import static dev.baton.agent.MethodMatcher.isStatic;
import static dev.baton.agent.MethodMatcher.named;
import static dev.baton.agent.MethodMatcher.takesArguments;

/**
 * Netty's futures, and copies shaded under another package: each addition of a listener is
 * recorded with its context, and the call of that listener enters it.
 */
final class NettyPromiseInstrumentation implements BoundaryInstrumentation {

  private static final String NETTY_CONCURRENT = "io.netty.util.concurrent.";

  @Override
  public Transformations addTo(Transformations transformations) {
    return transformations
        .type(NamedTypes.nameEndsWith(NETTY_CONCURRENT + "DefaultPromise"))
        .transform(
            MethodHooks.of()
                .hook(named("addListener0").and(takesArguments(1)), new PromiseListenerAddedAdvice())
                .hook(named("removeListener0").and(takesArguments(1)), new PromiseListenerRemovedAdvice())
                .hook(
                    named("notifyListener0").and(isStatic()).and(takesArguments(2)), new PromiseListenerCallAdvice())
                .hook(
                    named("notifyProgressiveListener0").and(isStatic()).and(takesArguments(4)), new PromiseProgressCallAdvice()));
  }
}

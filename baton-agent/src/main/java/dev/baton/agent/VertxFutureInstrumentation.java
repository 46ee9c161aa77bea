package dev.baton.agent;

import static dev.baton.agent.TypeMatcher.concreteClass;
import static dev.baton.agent.TypeMatcher.declaresMethod;
import static dev.baton.agent.MethodMatcher.isAbstract;
import static dev.baton.agent.MethodMatcher.isStatic;
import static dev.baton.agent.MethodMatcher.named;
import static dev.baton.agent.MethodMatcher.nameStartsWith;
import static dev.baton.agent.MethodMatcher.not;
import static dev.baton.agent.MethodMatcher.takesArguments;


/**
 * Vert.x's futures: each addition of a listener is recorded with its context, as for Netty's; a
 * listener's call finds its addition under the future emitting its result on this thread.
 */
final class VertxFutureInstrumentation implements BoundaryInstrumentation {

  private static final String VERTX_FUTURE = "io.vertx.core.impl.future.";

  @Override
  public Transformations addTo(Transformations transformations) {
    return transformations
        .type(NamedTypes.named(VERTX_FUTURE + "FutureImpl"))
        .transform(
            MethodHooks.of()
                .hook(named("addListener").and(takesArguments(1)), new PromiseListenerAddedAdvice())
                .hook(named("removeListener").and(takesArguments(1)), new PromiseListenerRemovedAdvice()))
        .type(NamedTypes.named(VERTX_FUTURE + "FutureBase"))
        .transform(
            MethodHooks.of()
                .hook(named("emitResult").or(nameStartsWith("lambda$emitResult")), new PromiseEmitAdvice()))
        .type(
            Hierarchy.declaring("complete")
                .subTypeOf(Hierarchy.VERTX_LISTENER)
                .and(concreteClass().and(declaresMethod(listenerCall()))))
        .transform(MethodHooks.of().hook(listenerCall(), new CompletableCallAdvice()));
  }

  /** A listener's {@code complete(result, failure)}. */
  private static MethodMatcher listenerCall() {
    return named("complete").and(takesArguments(2)).and(not(isAbstract())).and(not(isStatic()));
  }
}

package dev.baton.agent;

import static dev.baton.agent.Matchers.concreteClass;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

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
  private static ElementMatcher.Junction<MethodDescription> listenerCall() {
    return named("complete").and(takesArguments(2)).and(not(isAbstract())).and(not(isStatic()));
  }
}

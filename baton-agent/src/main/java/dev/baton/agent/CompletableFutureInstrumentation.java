package dev.baton.agent;

import static dev.baton.agent.MethodMatcher.isAbstract;
import static dev.baton.agent.MethodMatcher.isConstructor;
import static dev.baton.agent.MethodMatcher.named;
import static dev.baton.agent.MethodMatcher.not;
import static dev.baton.agent.MethodMatcher.takesArguments;

/** {@code CompletableFuture}: a dependent stage captures when it is registered, and enters when fired. */
final class CompletableFutureInstrumentation implements BoundaryInstrumentation {

  @Override
  public Transformations addTo(Transformations transformations) {
    return transformations
        .type(NamedTypes.named(Hierarchy.COMPLETION))
        .transform(MethodHooks.of().hook(isConstructor(), new StageRegistrationAdvice()))
        .type(
            Hierarchy.declaring("tryFire")
                .subTypeOf(Hierarchy.COMPLETION)
                .and(TypeMatcher.not(NamedTypes.named(Hierarchy.COMPLETION))))
        .transform(
            MethodHooks.of()
                .hook(
                    named("tryFire").and(takesArguments(int.class)).and(not(isAbstract())), new TaskRunAdvice()));
  }
}

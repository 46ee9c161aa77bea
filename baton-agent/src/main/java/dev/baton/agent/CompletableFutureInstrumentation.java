package dev.baton.agent;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

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
                .and(not(NamedTypes.named(Hierarchy.COMPLETION))))
        .transform(
            MethodHooks.of()
                .hook(
                    named("tryFire").and(takesArguments(int.class)).and(not(isAbstract())), new TaskRunAdvice()));
  }
}

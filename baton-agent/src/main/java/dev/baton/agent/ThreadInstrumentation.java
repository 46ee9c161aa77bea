package dev.baton.agent;

import static dev.baton.agent.TypeMatcher.concreteClass;
import static dev.baton.agent.TypeMatcher.declaresMethod;
import static dev.baton.agent.MethodMatcher.isAbstract;
import static dev.baton.agent.MethodMatcher.named;
import static dev.baton.agent.MethodMatcher.not;
import static dev.baton.agent.MethodMatcher.takesArguments;


/**
 * Threads: the starter's context is captured at {@code start()}; a platform thread enters it in
 * {@code run()}, a virtual one in {@code run(task)}.
 */
final class ThreadInstrumentation implements BoundaryInstrumentation {

  @Override
  public Transformations addTo(Transformations transformations) {
    return transformations
        .type(
            Hierarchy.declaring("start")
                .subTypeOf(Hierarchy.THREAD)
                .and(concreteClass().and(declaresMethod(start()))))
        .transform(MethodHooks.of().hook(start(), new ThreadStartAdvice()))
        .type(NamedTypes.named("java.lang.VirtualThread"))
        .transform(
            MethodHooks.of()
                .hook(named("run").and(takesArguments(Runnable.class)), new TaskRunAdvice()));
  }

  private static MethodMatcher start() {
    return named("start").and(takesArguments(0)).and(not(isAbstract()));
  }
}

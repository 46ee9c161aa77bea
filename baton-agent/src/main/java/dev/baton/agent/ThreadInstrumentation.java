package dev.baton.agent;

import static dev.baton.agent.Matchers.concreteClass;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

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

  private static ElementMatcher.Junction<MethodDescription> start() {
    return named("start").and(takesArguments(0)).and(not(isAbstract()));
  }
}

package dev.baton.agent;

import static dev.baton.agent.Matchers.FORK_JOIN_TASK;
import static dev.baton.agent.TypeMatcher.concreteClass;
import static dev.baton.agent.Matchers.runMethod;
import static dev.baton.agent.TypeMatcher.declaresMethod;
import static dev.baton.agent.MethodMatcher.isConstructor;
import static dev.baton.agent.MethodMatcher.named;
import static dev.baton.agent.MethodMatcher.takesArgument;
import static dev.baton.agent.MethodMatcher.takesArguments;

import java.util.concurrent.Callable;

/**
 * Tasks: every {@code Runnable} and {@code Callable} enters, where it runs, the context handed over
 * with it, and gets a field of its own to carry it where one can be added; the JDK's wrappers
 * around a submitted task ({@code FutureTask}, fork/join's adapters) take the task's context over,
 * and a cancelled {@code FutureTask} ends it.
 */
final class TaskInstrumentation implements BoundaryInstrumentation {

  @Override
  public Transformations addTo(Transformations transformations) {
    return transformations
        .type(taskClass())
        .transform(MethodHooks.of().hook(runMethod(), new TaskRunAdvice()))
        .type(new CarrierMatcher(taskClass(), FORK_JOIN_TASK))
        .transform(CarrierFieldInjector.INSTANCE)
        .type(NamedTypes.named("java.util.concurrent.FutureTask").or(NamedTypes.nameStartsWith(FORK_JOIN_TASK + "$")))
        .transform(
            MethodHooks.of()
                .hook(
                    isConstructor()
                        .and(takesArgument(0, Runnable.class).or(takesArgument(0, Callable.class))), new WrapperCreatedAdvice()))
        .type(NamedTypes.named("java.util.concurrent.FutureTask"))
        .transform(
            MethodHooks.of()
                .hook(named("cancel").and(takesArguments(boolean.class)), new FutureCancelledAdvice()));
  }

  /** Runnables and Callables that can be handed over. */
  private static Hierarchy.Match taskClass() {
    return Hierarchy.declaring(Matchers.RUN_METHODS)
        .subTypeOf(Hierarchy.RUNNABLE, Hierarchy.CALLABLE)
        .butNot(Hierarchy.FORK_JOIN_WORKER)
        .and(concreteClass().and(declaresMethod(runMethod())).and(TypeMatcher.not(neverHandedOver())));
  }

  /**
   * JDK tasks that never reach an executor as themselves: a pool's worker loop, fork/join's
   * adapters, which run through {@code doExec}, and fork/join workers, which never carry a context.
   * Leaving them alone also spares retransforming classes other agents may have changed in ways
   * the JVM cannot retransform.
   */
  private static TypeMatcher neverHandedOver() {
    return TypeMatcher.namedOneOf("java.util.concurrent.ThreadPoolExecutor$Worker").or(TypeMatcher.nameStartsWith(FORK_JOIN_TASK + "$"));
  }
}

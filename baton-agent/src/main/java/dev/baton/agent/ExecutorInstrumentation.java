package dev.baton.agent;

import static dev.baton.agent.Matchers.FORK_JOIN_TASK;
import static dev.baton.agent.TypeMatcher.concreteClass;
import static dev.baton.agent.TypeMatcher.declaresMethod;
import static dev.baton.agent.MethodMatcher.isAbstract;
import static dev.baton.agent.MethodMatcher.isMethod;
import static dev.baton.agent.MethodMatcher.named;
import static dev.baton.agent.MethodMatcher.namedOneOf;
import static dev.baton.agent.MethodMatcher.not;
import static dev.baton.agent.MethodMatcher.returns;
import static dev.baton.agent.MethodMatcher.takesArgument;
import static dev.baton.agent.MethodMatcher.takesArguments;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Executors, every implementation, found by the shape of their submission methods: a submission
 * attaches the submitter's context to the task, {@code shutdownNow} ends the contexts of the tasks
 * it returns, and a rejection handler's run of a rejected task is told apart from a submission.
 */
final class ExecutorInstrumentation implements BoundaryInstrumentation {

  private static final String[] SUBMISSIONS = {"execute", "submit", "schedule", "invokeAll", "invokeAny", "invoke"};
  private static final String[] PERIODIC_SUBMISSIONS = {"scheduleAtFixedRate", "scheduleWithFixedDelay"};
  private static final String SHUTDOWN_NOW = "shutdownNow";
  private static final String REJECTED_EXECUTION = "rejectedExecution";

  @Override
  public Transformations addTo(Transformations transformations) {
    return transformations
        .type(
            Hierarchy.declaring(concat(SUBMISSIONS, PERIODIC_SUBMISSIONS))
                .subTypeOf(Hierarchy.EXECUTOR)
                .and(concreteClass().and(declaresMethod(submission().or(periodicSubmission())))))
        .transform(
            MethodHooks.of()
                .hook(submission(), new ExecutorSubmitAdvice())
                .hook(periodicSubmission(), new PeriodicSubmitAdvice()))
        .type(
            Hierarchy.declaring(SHUTDOWN_NOW)
                .subTypeOf(Hierarchy.EXECUTOR)
                .and(concreteClass().and(declaresMethod(shutdownNow()))))
        .transform(MethodHooks.of().hook(shutdownNow(), new ShutdownNowAdvice()))
        // The pool's own workers begin in no one's context; a removed task's context ends
        .type(NamedTypes.named("java.util.concurrent.ThreadPoolExecutor"))
        .transform(
            MethodHooks.of()
                .hook(named("addWorker"), new PoolInternalsAdvice())
                .hook(
                    named("remove").and(takesArguments(Runnable.class)).and(returns(boolean.class)), new TaskRemovedAdvice()))
        .type(
            Hierarchy.declaring(REJECTED_EXECUTION)
                .subTypeOf(Hierarchy.REJECTION_HANDLER)
                .and(concreteClass()))
        .transform(
            MethodHooks.of()
                .hook(
                    named(REJECTED_EXECUTION).and(takesArguments(2)).and(not(isAbstract())), new RejectionAdvice()));
  }

  private static MethodMatcher submission() {
    return isMethod()
        .and(not(isAbstract()))
        .and(namedOneOf(SUBMISSIONS))
        .and(
            takesArgument(0, Runnable.class)
                .or(takesArgument(0, Callable.class))
                .or(takesArgument(0, FORK_JOIN_TASK))
                .or(takesArgument(0, Collection.class)));
  }

  private static MethodMatcher periodicSubmission() {
    return isMethod()
        .and(not(isAbstract()))
        .and(namedOneOf(PERIODIC_SUBMISSIONS))
        .and(takesArgument(0, Runnable.class));
  }

  private static MethodMatcher shutdownNow() {
    return isMethod().and(not(isAbstract())).and(named(SHUTDOWN_NOW)).and(takesArguments(0)).and(returns(List.class));
  }

  private static String[] concat(String[] first, String[] second) {
    String[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}

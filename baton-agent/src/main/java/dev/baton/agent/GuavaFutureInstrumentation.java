package dev.baton.agent;

import static dev.baton.agent.MethodMatcher.isAbstract;
import static dev.baton.agent.MethodMatcher.namedOneOf;
import static dev.baton.agent.MethodMatcher.not;
import static dev.baton.agent.MethodMatcher.takesArguments;

import java.util.concurrent.Executor;

/**
 * Guava's futures, and copies shaded under another package: a listener is handed to its executor
 * in the context it was added in.
 */
final class GuavaFutureInstrumentation implements BoundaryInstrumentation {

  private static final String GUAVA_CONCURRENT = "com.google.common.util.concurrent.";

  @Override
  public Transformations addTo(Transformations transformations) {
    return transformations
        .type(
            NamedTypes.nameEndsWith(GUAVA_CONCURRENT + "AbstractFuture")
                .or(NamedTypes.nameEndsWith(GUAVA_CONCURRENT + "ExecutionList")))
        .transform(
            MethodHooks.of()
                .hook(
                    namedOneOf("addListener", "add")
                        .and(takesArguments(Runnable.class, Executor.class))
                        .and(not(isAbstract())), new ListenerRegistrationAdvice()));
  }
}

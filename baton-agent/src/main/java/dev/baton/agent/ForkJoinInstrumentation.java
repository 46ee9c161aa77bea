package dev.baton.agent;

import static dev.baton.agent.Matchers.FORK_JOIN_TASK;
import static dev.baton.agent.MethodMatcher.named;
import static dev.baton.agent.MethodMatcher.takesArguments;

/** Fork/join: a fork attaches the forking task's context, and every execution enters it. */
final class ForkJoinInstrumentation implements BoundaryInstrumentation {

  @Override
  public Transformations addTo(Transformations transformations) {
    return transformations
        .type(NamedTypes.named(FORK_JOIN_TASK))
        .transform(
            MethodHooks.of()
                .hook(named("fork").and(takesArguments(0)), new ForkAdvice())
                .hook(named("doExec").and(takesArguments(0)), new TaskRunAdvice()));
  }
}

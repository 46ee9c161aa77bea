package dev.baton.agent;

import static dev.baton.agent.MethodMatcher.named;
import static dev.baton.agent.MethodMatcher.takesArguments;

/** {@code java.util.Timer}: every schedule method goes through {@code sched(task, time, period)}. */
final class TimerInstrumentation implements BoundaryInstrumentation {

  @Override
  public Transformations addTo(Transformations transformations) {
    return transformations
        .type(NamedTypes.named("java.util.Timer"))
        .transform(MethodHooks.of().hook(named("sched").and(takesArguments(3)), new TimerScheduleAdvice()));
  }
}

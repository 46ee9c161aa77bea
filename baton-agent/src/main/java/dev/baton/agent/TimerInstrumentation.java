package dev.baton.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.agent.builder.AgentBuilder;

/** {@code java.util.Timer}: every schedule method goes through {@code sched(task, time, period)}. */
final class TimerInstrumentation implements BoundaryInstrumentation {

  @Override
  public AgentBuilder addTo(AgentBuilder agent) {
    return agent
        .type(NamedTypes.named("java.util.Timer"))
        .transform(AdviceTransformer.of().advice(named("sched").and(takesArguments(3)), TimerScheduleAdvice.class));
  }
}

package dev.baton.agent;

import dev.baton.internal.Handoffs;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** {@code scheduleAtFixedRate} and {@code scheduleWithFixedDelay}: the task keeps the scheduler's context for every run. */
final class PeriodicSubmitAdvice {

  private PeriodicSubmitAdvice() {}

  @Advice.OnMethodEnter
  static void enter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object task) {
    task = Handoffs.onSubmit(task, true);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(
      @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object submitted,
      @Advice.Thrown Throwable thrown) {
    Handoffs.afterSubmit(submitted, thrown);
  }
}

package dev.baton.agent;

import dev.baton.internal.handoff.HandoffThread;
import dev.baton.internal.handoff.Handoffs;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** {@code scheduleAtFixedRate} and {@code scheduleWithFixedDelay}: the task keeps the scheduler's context for every run. */
final class PeriodicSubmitAdvice {

  private PeriodicSubmitAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object task,
      @Advice.Local("batonThread") HandoffThread thread) {
    thread = HandoffThread.current();
    task = Handoffs.onSubmit(thread, task, true);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object submitted,
      @Advice.Thrown Throwable thrown,
      @Advice.Local("batonThread") HandoffThread thread) {
    Handoffs.afterSubmit(thread, submitted, thrown);
  }
}

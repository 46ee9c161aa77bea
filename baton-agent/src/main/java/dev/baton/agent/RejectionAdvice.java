package dev.baton.agent;

import dev.baton.internal.handoff.Handoffs;
import net.bytebuddy.asm.Advice;

/** A {@code RejectedExecutionHandler} deciding what becomes of a refused task: a hand-off decision of its own. */
final class RejectionAdvice {

  private RejectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.Argument(0) Object task) {
    return Handoffs.enterRejection(task);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object saved) {
    Handoffs.exitRejection(saved);
  }
}

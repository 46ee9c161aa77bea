package dev.baton.agent;

import dev.baton.internal.handoff.Handoffs;
import net.bytebuddy.asm.Advice;

/** A {@code FutureTask} or fork/join adapter created around a task: it takes the task's context over when created during a submission. */
final class WrapperCreatedAdvice {

  private WrapperCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object wrapper, @Advice.Argument(0) Object task) {
    Handoffs.onWrapperCreated(wrapper, task);
  }
}

package dev.baton.agent;

import dev.baton.internal.handoff.Handoffs;
import net.bytebuddy.asm.Advice;

/** {@code ThreadPoolExecutor.remove(task)}: a task taken out of the queue takes its context with it. */
final class TaskRemovedAdvice {

  private TaskRemovedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.Argument(0) Object task, @Advice.Return boolean removed) {
    if (removed) {
      Handoffs.onRemoved(task);
    }
  }
}

package dev.baton.agent;

import dev.baton.internal.Handoffs;
import net.bytebuddy.asm.Advice;

/** A task's run ({@code run}, {@code call}, {@code doExec}, a stage's {@code tryFire}, a thread's run): enters the context attached to it, and leaves it afterwards, also on throw. */
final class TaskRunAdvice {

  private TaskRunAdvice() {}

  @Advice.OnMethodEnter
  static Object enter(@Advice.This Object task) {
    return Handoffs.beforeRun(task);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(
      @Advice.This Object task, @Advice.Enter Object saved, @Advice.Thrown Throwable thrown) {
    Handoffs.afterRun(task, saved, thrown);
  }
}

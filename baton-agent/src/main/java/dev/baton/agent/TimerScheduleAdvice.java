package dev.baton.agent;

import dev.baton.internal.handoff.Handoffs;
import net.bytebuddy.asm.Advice;

/** {@code java.util.Timer} scheduling a task: once, or for every run of a periodic one. */
final class TimerScheduleAdvice {

  private TimerScheduleAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(0) Object task, @Advice.Argument(2) long period) {
    if (period == 0) {
      Handoffs.attachOnce(task);
    } else {
      Handoffs.attachRepeating(task);
    }
  }
}

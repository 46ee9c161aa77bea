package dev.baton.agent;

import dev.baton.internal.handoff.Handoffs;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** {@code shutdownNow()}: the tasks an executor gives back keep nothing of their submission. */
final class ShutdownNowAdvice {

  private ShutdownNowAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static boolean enter() {
    return Handoffs.enterShutdownNow();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter boolean outermost,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object tasks) {
    Handoffs.exitShutdownNow(outermost, tasks);
  }
}

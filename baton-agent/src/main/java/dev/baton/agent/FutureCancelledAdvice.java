package dev.baton.agent;

import dev.baton.internal.handoff.Handoffs;
import net.bytebuddy.asm.Advice;

/** {@code FutureTask.cancel}: a cancelled future will not run its task, whose context is dropped. */
final class FutureCancelledAdvice {

  private FutureCancelledAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object future, @Advice.Return boolean cancelled) {
    if (cancelled) {
      Handoffs.onCancelled(future);
    }
  }
}

package dev.baton.agent;

import dev.baton.internal.handoff.FutureListeners;
import net.bytebuddy.asm.Advice;

/**
 * Vert.x's {@code FutureBase.emitResult} and the deferred emission it hands to its context: while
 * the future calls its listeners, the thread knows which future is completing, as Vert.x calls a
 * listener with the result alone.
 */
final class PromiseEmitAdvice {

  private PromiseEmitAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This Object future) {
    return FutureListeners.enterCompleting(future);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object outer) {
    FutureListeners.exitCompleting(outer);
  }
}

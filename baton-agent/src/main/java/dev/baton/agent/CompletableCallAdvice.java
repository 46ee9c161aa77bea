package dev.baton.agent;

import dev.baton.internal.handoff.FutureListeners;
import net.bytebuddy.asm.Advice;

/**
 * A Vert.x listener's {@code complete(result, failure)}: called by the future completing on this
 * thread, it runs in the context it was added to that future in.
 */
final class CompletableCallAdvice {

  private CompletableCallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This Object listener) {
    return FutureListeners.beforeCall(listener);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object saved) {
    FutureListeners.afterCall(saved);
  }
}

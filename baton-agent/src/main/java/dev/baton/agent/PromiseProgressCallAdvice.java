package dev.baton.agent;

import dev.baton.internal.handoff.FutureListeners;
import net.bytebuddy.asm.Advice;

/**
 * Netty's {@code DefaultPromise.notifyProgressiveListener0}: a progress listener hears of progress
 * in the context it was added in, as it will hear of completion.
 */
final class PromiseProgressCallAdvice {

  private PromiseProgressCallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.Argument(0) Object future, @Advice.Argument(1) Object listener) {
    return FutureListeners.beforeProgress(future, listener);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object saved) {
    FutureListeners.afterCall(saved);
  }
}

package dev.baton.agent;

import dev.baton.internal.handoff.FutureListeners;
import net.bytebuddy.asm.Advice;

/**
 * Netty's {@code DefaultPromise.notifyListener0(future, listener)}, through which every listener
 * added to a promise is called: the call runs in the context the listener was added in.
 */
final class PromiseListenerCallAdvice {

  private PromiseListenerCallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.Argument(0) Object future, @Advice.Argument(1) Object listener) {
    return FutureListeners.beforeCall(future, listener);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object saved) {
    FutureListeners.afterCall(saved);
  }
}

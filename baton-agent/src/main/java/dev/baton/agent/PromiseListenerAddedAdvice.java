package dev.baton.agent;

import dev.baton.internal.handoff.FutureListeners;
import net.bytebuddy.asm.Advice;

/**
 * A listener being added to a future that calls its listeners itself (Netty's {@code
 * DefaultPromise.addListener0}, Vert.x's {@code FutureImpl.addListener}): its call will run in the
 * adding code's context.
 */
final class PromiseListenerAddedAdvice {

  private PromiseListenerAddedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object future, @Advice.Argument(0) Object listener) {
    FutureListeners.onAdded(future, listener);
  }
}

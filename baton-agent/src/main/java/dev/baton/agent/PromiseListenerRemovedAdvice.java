package dev.baton.agent;

import dev.baton.internal.handoff.FutureListeners;
import net.bytebuddy.asm.Advice;

/** A listener being removed from a future before its call: the context of its addition goes too. */
final class PromiseListenerRemovedAdvice {

  private PromiseListenerRemovedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object future, @Advice.Argument(0) Object listener) {
    FutureListeners.onRemoved(future, listener);
  }
}

package dev.baton.agent;

import dev.baton.internal.handoff.Handoffs;
import net.bytebuddy.asm.Advice;

/** {@code Thread.start()}: the thread runs in the starter's context, unless it is a pool's own. */
final class ThreadStartAdvice {

  private ThreadStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Thread thread) {
    Handoffs.onThreadStart(thread);
  }
}

package dev.baton.agent;

import dev.baton.internal.handoff.Handoffs;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinTask.fork()}: the forked task runs in the forking code's context. */
final class ForkAdvice {

  private ForkAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object task) {
    Handoffs.attachOnce(task);
  }
}

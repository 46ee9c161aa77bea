package dev.baton.agent;

import dev.baton.internal.handoff.Handoffs;
import net.bytebuddy.asm.Advice;

/** A pool adding a worker outside a submission: the worker thread must not inherit the caller's context. */
final class PoolInternalsAdvice {

  private PoolInternalsAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter() {
    Handoffs.enterPoolInternals();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit() {
    Handoffs.exitPoolInternals();
  }
}

package dev.baton.agent;

import dev.baton.internal.handoff.Handoffs;
import net.bytebuddy.asm.Advice;

/** A dependent {@code CompletableFuture} stage being registered: it will run in the registering code's context, whichever thread completes its source. */
final class StageRegistrationAdvice {

  private StageRegistrationAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object stage) {
    Handoffs.attachStage(stage);
  }
}

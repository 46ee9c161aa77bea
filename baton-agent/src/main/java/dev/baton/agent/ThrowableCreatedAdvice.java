package dev.baton.agent;

import dev.baton.internal.diagnostics.DiagnosticEvents;
import net.bytebuddy.asm.Advice;

/** An exception's construction: links it to the traced task that creates it. */
final class ThrowableCreatedAdvice {

  private ThrowableCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Throwable created) {
    DiagnosticEvents.onThrowable(created);
  }
}

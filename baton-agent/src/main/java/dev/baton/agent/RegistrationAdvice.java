package dev.baton.agent;

import dev.baton.internal.diagnostics.DiagnosticEvents;
import net.bytebuddy.asm.Advice;

/** A {@code CopyOnWriteArrayList} insertion: listener lists are where callbacks are registered. */
final class RegistrationAdvice {

  private RegistrationAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(0) Object element) {
    DiagnosticEvents.onRegister(element);
  }
}

package dev.baton.agent;

import dev.baton.internal.diagnostics.DiagnosticEvents;
import net.bytebuddy.asm.Advice;

/** A {@code ConcurrentHashMap} insertion: callbacks registered by key are its values. */
final class MapRegistrationAdvice {

  private MapRegistrationAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(1) Object value) {
    DiagnosticEvents.onRegister(value);
  }
}

package dev.baton.agent;

import dev.baton.internal.diagnostics.DiagnosticEvents;
import net.bytebuddy.asm.Advice;

/** A concurrent queue's insertion: notes the element's hand-off, when context-loss detection is on. */
final class QueueInsertAdvice {

  private QueueInsertAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(0) Object element) {
    DiagnosticEvents.onEnqueue(element);
  }
}

package dev.baton.agent;

import dev.baton.internal.diagnostics.DiagnosticEvents;
import net.bytebuddy.asm.Advice;

/** A concurrent queue's removal: the element taken is the work its thread starts. */
final class QueueRemoveAdvice {

  private QueueRemoveAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.Return Object element) {
    DiagnosticEvents.onDequeue(element);
  }
}

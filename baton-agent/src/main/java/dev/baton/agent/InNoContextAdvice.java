package dev.baton.agent;

import dev.baton.Scope;
import dev.baton.Snapshot;
import net.bytebuddy.asm.Advice;

/** Runs a method in no one's context, and the thread's own context again after it. */
final class InNoContextAdvice {

  private InNoContextAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Scope enter() {
    return Snapshot.empty().enter();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Scope scope) {
    if (scope != null) {
      scope.close();
    }
  }
}

package dev.baton.agent;

import dev.baton.internal.handoff.ListenerExecutors;
import java.util.concurrent.Executor;
import net.bytebuddy.asm.Advice;

/**
 * A listener being added to a Guava future ({@code addListener(listener, executor)}, and {@code
 * ExecutionList.add}): the listener is handed to its executor in the adding code's context.
 */
final class ListenerRegistrationAdvice {

  private ListenerRegistrationAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 1, readOnly = false) Executor executor) {
    executor = ListenerExecutors.inRegisteringContext(executor);
  }
}

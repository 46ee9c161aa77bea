package dev.baton.agent;

/**
 * A listener being added to a Guava future ({@code addListener(listener, executor)}, and {@code
 * ExecutionList.add}): the listener is handed to its executor in the adding code's context.
 */
final class ListenerRegistrationAdvice extends Hook {

  ListenerRegistrationAdvice() {
    super(false, false);
  }

  @Override
  void enter(HookCode code) {
    code.loadArgument(1);
    code.call("listenerExecutor", "(Ljava/lang/Object;)Ljava/lang/Object;");
    code.storeArgument(1);
  }
}

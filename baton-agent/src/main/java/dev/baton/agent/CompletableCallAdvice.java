package dev.baton.agent;

/**
 * A Vert.x listener's {@code complete(result, failure)}: called by the future completing on this
 * thread, it runs in the context it was added to that future in.
 */
final class CompletableCallAdvice extends Hook {

  CompletableCallAdvice() {
    super(true, true, OBJECT);
  }

  @Override
  void enter(HookCode code) {
    code.loadThis();
    code.call("beforeListenerCall", "(Ljava/lang/Object;)Ljava/lang/Object;");
    code.storeLocal(0);
  }

  @Override
  void exit(HookCode code) {
    code.loadLocal(0);
    code.call("afterListenerCall", "(Ljava/lang/Object;)V");
  }
}

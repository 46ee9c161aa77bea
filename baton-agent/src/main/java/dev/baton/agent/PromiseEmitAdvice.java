package dev.baton.agent;

/**
 * Vert.x's {@code FutureBase.emitResult} and the deferred emission it hands to its context: while
 * the future calls its listeners, the thread knows which future is completing, as Vert.x calls a
 * listener with the result alone.
 */
final class PromiseEmitAdvice extends Hook {

  PromiseEmitAdvice() {
    super(true, true, OBJECT);
  }

  @Override
  void enter(HookCode code) {
    code.loadThis();
    code.call("enterCompleting", "(Ljava/lang/Object;)Ljava/lang/Object;");
    code.storeLocal(0);
  }

  @Override
  void exit(HookCode code) {
    code.loadLocal(0);
    code.call("exitCompleting", "(Ljava/lang/Object;)V");
  }
}

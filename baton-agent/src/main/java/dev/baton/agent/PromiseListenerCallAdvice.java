package dev.baton.agent;

/**
 * Netty's {@code DefaultPromise.notifyListener0(future, listener)}, through which every listener
 * added to a promise is called: the call runs in the context the listener was added in.
 */
final class PromiseListenerCallAdvice extends Hook {

  PromiseListenerCallAdvice() {
    super(true, true, OBJECT);
  }

  @Override
  void enter(HookCode code) {
    code.loadArgument(0);
    code.loadArgument(1);
    code.call("beforeListenerCall", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;");
    code.storeLocal(0);
  }

  @Override
  void exit(HookCode code) {
    code.loadLocal(0);
    code.call("afterListenerCall", "(Ljava/lang/Object;)V");
  }
}

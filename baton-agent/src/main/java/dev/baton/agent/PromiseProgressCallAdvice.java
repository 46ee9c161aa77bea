package dev.baton.agent;

/**
 * Netty's {@code DefaultPromise.notifyProgressiveListener0}: a progress listener hears of progress
 * in the context it was added in, as it will hear of completion.
 */
final class PromiseProgressCallAdvice extends Hook {

  PromiseProgressCallAdvice() {
    super(true, true, OBJECT);
  }

  @Override
  void enter(HookCode code) {
    code.loadArgument(0);
    code.loadArgument(1);
    code.call("beforeProgress", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;");
    code.storeLocal(0);
  }

  @Override
  void exit(HookCode code) {
    code.loadLocal(0);
    code.call("afterListenerCall", "(Ljava/lang/Object;)V");
  }
}

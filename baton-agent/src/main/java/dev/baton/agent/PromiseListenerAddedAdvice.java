package dev.baton.agent;

/**
 * A listener being added to a future that calls its listeners itself (Netty's {@code
 * DefaultPromise.addListener0}, Vert.x's {@code FutureImpl.addListener}): its call will run in the
 * adding code's context.
 */
final class PromiseListenerAddedAdvice extends Hook {

  PromiseListenerAddedAdvice() {
    super(false, false);
  }

  @Override
  void enter(HookCode code) {
    code.loadThis();
    code.loadArgument(0);
    code.call("listenerAdded", "(Ljava/lang/Object;Ljava/lang/Object;)V");
  }
}

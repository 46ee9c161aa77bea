package dev.baton.agent;

/** A listener being removed from a future before its call: the context of its addition goes too. */
final class PromiseListenerRemovedAdvice extends Hook {

  PromiseListenerRemovedAdvice() {
    super(false, false);
  }

  @Override
  void enter(HookCode code) {
    code.loadThis();
    code.loadArgument(0);
    code.call("listenerRemoved", "(Ljava/lang/Object;Ljava/lang/Object;)V");
  }
}

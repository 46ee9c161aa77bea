package dev.baton.agent;

/** {@code ForkJoinTask.fork()}: the forked task runs in the forking code's context. */
final class ForkAdvice extends Hook {

  ForkAdvice() {
    super(false, false);
  }

  @Override
  void enter(HookCode code) {
    code.loadThis();
    code.call("attachOnce", "(Ljava/lang/Object;)V");
  }
}

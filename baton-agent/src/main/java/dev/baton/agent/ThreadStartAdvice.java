package dev.baton.agent;

/** {@code Thread.start()}: the thread runs in the starter's context, unless it is a pool's own. */
final class ThreadStartAdvice extends Hook {

  ThreadStartAdvice() {
    super(false, false);
  }

  @Override
  void enter(HookCode code) {
    code.loadThis();
    code.call("threadStart", "(Ljava/lang/Object;)V");
  }
}

package dev.baton.agent;

/** {@code shutdownNow()}: the tasks an executor gives back keep nothing of their submission. */
final class ShutdownNowAdvice extends Hook {

  ShutdownNowAdvice() {
    super(true, true, BOOLEAN);
  }

  @Override
  void enter(HookCode code) {
    code.call("enterShutdownNow", "()Z");
    code.storeLocal(0);
  }

  @Override
  void exit(HookCode code) {
    code.loadLocal(0);
    code.loadReturned();
    code.call("exitShutdownNow", "(ZLjava/lang/Object;)V");
  }
}

package dev.baton.agent;

/** {@code FutureTask.cancel}: a cancelled future will not run its task, whose context is dropped. */
final class FutureCancelledAdvice extends Hook {

  FutureCancelledAdvice() {
    super(true, false);
  }

  @Override
  void exit(HookCode code) {
    code.loadThis();
    code.loadReturned();
    code.call("cancelled", "(Ljava/lang/Object;Z)V");
  }
}

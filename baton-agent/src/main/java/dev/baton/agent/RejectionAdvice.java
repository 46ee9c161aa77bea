package dev.baton.agent;

/** A {@code RejectedExecutionHandler} deciding what becomes of a refused task: a hand-off decision of its own. */
final class RejectionAdvice extends Hook {

  RejectionAdvice() {
    super(true, true, OBJECT);
  }

  @Override
  void enter(HookCode code) {
    code.loadArgument(0);
    code.call("enterRejection", "(Ljava/lang/Object;)Ljava/lang/Object;");
    code.storeLocal(0);
  }

  @Override
  void exit(HookCode code) {
    code.loadLocal(0);
    code.call("exitRejection", "(Ljava/lang/Object;)V");
  }
}

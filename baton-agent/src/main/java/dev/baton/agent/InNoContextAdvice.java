package dev.baton.agent;

/** Runs a method in no one's context, and the thread's own context again after it. */
final class InNoContextAdvice extends Hook {

  InNoContextAdvice() {
    super(true, true, OBJECT);
  }

  @Override
  void enter(HookCode code) {
    code.call("enterNoContext", "()Ljava/lang/Object;");
    code.storeLocal(0);
  }

  @Override
  void exit(HookCode code) {
    code.loadLocal(0);
    code.call("exitNoContext", "(Ljava/lang/Object;)V");
  }
}

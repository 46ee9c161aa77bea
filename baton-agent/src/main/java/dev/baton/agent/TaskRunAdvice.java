package dev.baton.agent;

/**
 * A task's run ({@code run}, {@code call}, {@code doExec}, a stage's {@code tryFire}, a thread's
 * run): enters the context attached to it, and leaves it afterwards, also on throw. A run with
 * nothing attached, most of them, reads the task's field and does nothing more.
 */
final class TaskRunAdvice extends Hook {

  TaskRunAdvice() {
    super(true, true, OBJECT);
  }

  @Override
  void enter(HookCode code) {
    code.loadThis();
    code.call("runEnter", "(Ljava/lang/Object;)Ljava/lang/Object;");
    code.storeLocal(0);
  }

  @Override
  void exit(HookCode code) {
    code.loadThis();
    code.loadLocal(0);
    code.loadThrown();
    code.call("runExit", "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)V");
  }
}

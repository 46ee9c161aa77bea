package dev.baton.agent;

/** A {@code FutureTask} or fork/join adapter created around a task: it takes the task's context over when created during a submission. */
final class WrapperCreatedAdvice extends Hook {

  WrapperCreatedAdvice() {
    super(true, false);
  }

  @Override
  void exit(HookCode code) {
    code.loadThis();
    code.loadArgument(0);
    code.call("wrapperCreated", "(Ljava/lang/Object;Ljava/lang/Object;)V");
  }
}

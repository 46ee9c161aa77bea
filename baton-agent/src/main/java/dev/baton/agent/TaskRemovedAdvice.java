package dev.baton.agent;

/** {@code ThreadPoolExecutor.remove(task)}: a task taken out of the queue takes its context with it. */
final class TaskRemovedAdvice extends Hook {

  TaskRemovedAdvice() {
    super(true, false);
  }

  @Override
  void exit(HookCode code) {
    code.loadArgument(0);
    code.loadReturned();
    code.call("removed", "(Ljava/lang/Object;Z)V");
  }
}

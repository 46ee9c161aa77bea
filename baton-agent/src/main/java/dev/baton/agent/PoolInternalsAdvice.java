package dev.baton.agent;

/** A pool adding a worker outside a submission: the worker thread must not inherit the caller's context. */
final class PoolInternalsAdvice extends Hook {

  PoolInternalsAdvice() {
    super(true, true);
  }

  @Override
  void enter(HookCode code) {
    code.call("enterPoolInternals", "()V");
  }

  @Override
  void exit(HookCode code) {
    code.call("exitPoolInternals", "()V");
  }
}

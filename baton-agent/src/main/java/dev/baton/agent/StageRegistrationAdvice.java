package dev.baton.agent;

/** A dependent {@code CompletableFuture} stage being registered: it will run in the registering code's context, whichever thread completes its source. */
final class StageRegistrationAdvice extends Hook {

  StageRegistrationAdvice() {
    super(true, false);
  }

  @Override
  void exit(HookCode code) {
    code.loadThis();
    code.call("stageCreated", "(Ljava/lang/Object;)V");
  }
}

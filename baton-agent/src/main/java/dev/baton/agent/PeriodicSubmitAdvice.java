package dev.baton.agent;

/** {@code scheduleAtFixedRate} and {@code scheduleWithFixedDelay}: the task keeps the scheduler's context for every run. */
final class PeriodicSubmitAdvice extends Hook {

  PeriodicSubmitAdvice() {
    super(true, true, OBJECT);
  }

  @Override
  void enter(HookCode code) {
    SubmissionCode.enter(code, true);
  }

  @Override
  void exit(HookCode code) {
    SubmissionCode.exit(code);
  }
}

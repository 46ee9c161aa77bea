package dev.baton.agent;

/**
 * Executor submission ({@code execute}, {@code submit}, {@code schedule}, {@code invokeAll}, ...):
 * attaches the submitter's context to the task, which may be handed over in a wrapper's place.
 */
final class ExecutorSubmitAdvice extends Hook {

  ExecutorSubmitAdvice() {
    super(true, true, OBJECT);
  }

  @Override
  void enter(HookCode code) {
    SubmissionCode.enter(code, false);
  }

  @Override
  void exit(HookCode code) {
    SubmissionCode.exit(code);
  }
}

package dev.baton.agent;

/** {@code java.util.Timer} scheduling a task: once, or for every run of a periodic one. */
final class TimerScheduleAdvice extends Hook {

  TimerScheduleAdvice() {
    super(false, false);
  }

  @Override
  void enter(HookCode code) {
    code.loadArgument(0);
    code.loadArgument(2);
    code.call("timerSchedule", "(Ljava/lang/Object;J)V");
  }
}

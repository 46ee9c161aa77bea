package dev.baton.agent;

import dev.baton.internal.handoff.HandoffThread;
import dev.baton.internal.handoff.TaskCarrier;
import dev.baton.internal.handoff.TaskRuns;
import net.bytebuddy.asm.Advice;

/**
 * A task's run ({@code run}, {@code call}, {@code doExec}, a stage's {@code tryFire}, a thread's
 * run): enters the context attached to it, and leaves it afterwards, also on throw. Inlined into
 * each task class, the field of a {@link TaskCarrier} is read there, with that class's own profile;
 * a run with nothing attached does nothing more.
 */
final class TaskRunAdvice {

  private TaskRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This Object task, @Advice.Local("batonThread") HandoffThread thread) {
    boolean carrier = task instanceof TaskCarrier;
    Object attachment = carrier ? ((TaskCarrier) task).$baton$attachment() : TaskRuns.attachment(task);
    if (attachment == null) {
      return null;
    }
    thread = HandoffThread.current();
    if (carrier
        && attachment instanceof Object[]
        && TaskRuns.plainRun(thread)
        && ((TaskCarrier) task).$baton$compareAndSet(attachment, null)) {
      // One pending submission's frame, taken and entered here: the common case
      return TaskRuns.enterTaken(thread, (Object[]) attachment);
    }
    return TaskRuns.beforeRun(thread, task);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.This Object task,
      @Advice.Enter Object saved,
      @Advice.Thrown Throwable thrown,
      @Advice.Local("batonThread") HandoffThread thread) {
    if (saved != null) {
      TaskRuns.afterRun(thread, task, saved, thrown);
    }
  }
}

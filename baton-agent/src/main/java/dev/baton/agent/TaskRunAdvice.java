package dev.baton.agent;

import dev.baton.internal.handoff.TaskCarrier;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.Type;

/**
 * A task's run ({@code run}, {@code call}, {@code doExec}, a stage's {@code tryFire}, a thread's
 * run): enters the context attached to it, and leaves it afterwards, also on throw. Written into
 * each task class, the field of a {@link TaskCarrier} is read and taken there, at call sites of
 * that class's own, which the JIT binds to its field; a run with nothing attached does nothing
 * more.
 *
 * <pre>{@code
 * if (this instanceof TaskCarrier) {
 *   saved = $baton$attachment();
 *   if (saved != null) {
 *     thread = Hooks.runThread();
 *     if (Hooks.takesFrame(thread, saved) && $baton$compareAndSet(saved, null)) {
 *       saved = Hooks.enterTaken(thread, saved);
 *     } else {
 *       saved = Hooks.beforeRun(thread, this);
 *     }
 *   }
 * } else {
 *   saved = Hooks.runEnter(this);
 * }
 * ... the run ...
 * Hooks.runExit(thread, this, saved, thrown);
 * }</pre>
 */
final class TaskRunAdvice extends Hook {

  private static final String CARRIER = Type.getInternalName(TaskCarrier.class);
  private static final String OBJECT = Hook.OBJECT;
  private static final int SAVED = 0;
  private static final int THREAD = 1;

  TaskRunAdvice() {
    super(true, true, OBJECT, OBJECT);
  }

  @Override
  void enter(HookCode code) {
    Label notCarrier = code.newLabel();
    Label before = code.newLabel();
    Label done = code.newLabel();
    code.loadThis();
    code.instanceOf(CARRIER);
    code.jumpIfFalse(notCarrier);
    code.loadThis();
    code.checkCast(CARRIER);
    code.callInterface(CARRIER, "$baton$attachment", "()" + OBJECT);
    code.storeLocal(SAVED);
    code.loadLocal(SAVED);
    code.jumpIfNull(done);
    code.call("runThread", "()" + OBJECT);
    code.storeLocal(THREAD);
    code.loadLocal(THREAD);
    code.loadLocal(SAVED);
    code.call("takesFrame", "(" + OBJECT + OBJECT + ")Z");
    code.jumpIfFalse(before);
    code.loadThis();
    code.checkCast(CARRIER);
    code.loadLocal(SAVED);
    code.pushNull();
    code.callInterface(CARRIER, "$baton$compareAndSet", "(" + OBJECT + OBJECT + ")Z");
    code.jumpIfFalse(before);
    // One pending submission's frame, taken and entered here: the common case
    code.loadLocal(THREAD);
    code.loadLocal(SAVED);
    code.call("enterTaken", "(" + OBJECT + OBJECT + ")" + OBJECT);
    code.storeLocal(SAVED);
    code.jump(done);
    code.place(before);
    code.loadLocal(THREAD);
    code.loadThis();
    code.call("beforeRun", "(" + OBJECT + OBJECT + ")" + OBJECT);
    code.storeLocal(SAVED);
    code.jump(done);
    code.place(notCarrier);
    code.loadThis();
    code.call("runEnter", "(" + OBJECT + ")" + OBJECT);
    code.storeLocal(SAVED);
    code.place(done);
  }

  @Override
  void exit(HookCode code) {
    code.loadLocal(THREAD);
    code.loadThis();
    code.loadLocal(SAVED);
    code.loadThrown();
    code.call("runExit", "(" + OBJECT + OBJECT + OBJECT + "Ljava/lang/Throwable;)V");
  }
}

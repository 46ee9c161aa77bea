package dev.baton.agent;

import net.bytebuddy.jar.asm.Type;

/**
 * A hook for tests: keeps what a recorder's entry method returns, and a flag, until its exit
 * method, which runs on throw too and hears of the exception.
 */
final class KeepingHook extends Hook {

  private final String recorder;
  private final String enter;
  private final String exit;

  /** Calls {@code recorder}'s {@code Object enter()} and {@code void exit(Object, boolean, Throwable)}. */
  KeepingHook(Class<?> recorder, String enter, String exit) {
    super(true, true, OBJECT, BOOLEAN);
    this.recorder = Type.getInternalName(recorder);
    this.enter = enter;
    this.exit = exit;
  }

  @Override
  void enter(HookCode code) {
    code.call(recorder, enter, "()" + OBJECT);
    code.storeLocal(0);
    code.push(true);
    code.storeLocal(1);
  }

  @Override
  void exit(HookCode code) {
    code.loadLocal(0);
    code.loadLocal(1);
    code.loadThrown();
    code.call(recorder, exit, "(" + OBJECT + "ZLjava/lang/Throwable;)V");
  }
}

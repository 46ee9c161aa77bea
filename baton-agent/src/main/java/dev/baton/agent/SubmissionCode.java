package dev.baton.agent;

/**
 * A submission's code, once or periodic: the submitter's state kept in the hook's local 0, the
 * task (argument 0) replaced by what is handed over in its place.
 */
final class SubmissionCode {

  private static final String OBJECT = Hook.OBJECT;

  private SubmissionCode() {}

  static void enter(HookCode code, boolean repeating) {
    code.call("submitter", "()" + OBJECT);
    code.storeLocal(0);
    code.loadLocal(0);
    code.loadArgument(0);
    code.push(repeating);
    code.call("submit", "(" + OBJECT + OBJECT + "Z)" + OBJECT);
    code.storeArgument(0);
  }

  static void exit(HookCode code) {
    code.loadLocal(0);
    code.loadArgument(0);
    code.loadThrown();
    code.call("afterSubmit", "(" + OBJECT + OBJECT + "Ljava/lang/Throwable;)V");
  }
}

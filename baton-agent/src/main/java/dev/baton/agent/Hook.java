package dev.baton.agent;

/**
 * What the agent adds to a method: code on entry, code on exit (on return, and also on throw when
 * {@link #exitsOnThrow}), written with {@link HookCode} as calls to {@link Hooks}. The two share
 * {@link #locals} of their own, typed, which the method's code never sees.
 *
 * <p>The code added loads values, calls methods and stores their results, and has no exception
 * handler of its own, so that the method's own stack map frames stay valid with the hook's locals
 * added. Only the entry code may branch: there the frame is known. Whatever the hook does that
 * may fail is done inside {@link Hooks}, whose methods never throw.
 *
 * <pre>{@code
 * final class ForkAdvice extends Hook {
 *   void enter(HookCode code) {
 *     code.loadThis();
 *     code.call("fork", "(Ljava/lang/Object;)V");
 *   }
 * }
 * }</pre>
 */
abstract class Hook {

  /** A reference local, initially null. */
  static final String OBJECT = "Ljava/lang/Object;";

  /** A boolean local, initially false. */
  static final String BOOLEAN = "Z";

  private final String[] locals;
  private final boolean exits;
  private final boolean exitsOnThrow;

  /**
   * A hook with {@code locals} (descriptors: {@link #OBJECT} or {@link #BOOLEAN}), exit code when
   * {@code exits}, run on throw too when {@code exitsOnThrow}.
   */
  Hook(boolean exits, boolean exitsOnThrow, String... locals) {
    if (exitsOnThrow && !exits) {
      throw new IllegalArgumentException("a hook that exits on throw exits on return too");
    }
    for (String local : locals) {
      if (!local.equals(OBJECT) && !local.equals(BOOLEAN)) {
        throw new IllegalArgumentException("a hook's local is an Object or a boolean, not " + local);
      }
    }
    this.locals = locals.clone();
    this.exits = exits;
    this.exitsOnThrow = exitsOnThrow;
  }

  /** The descriptors of the hook's own locals, each one slot. */
  final String[] locals() {
    return locals.clone();
  }

  final boolean exits() {
    return exits;
  }

  final boolean exitsOnThrow() {
    return exitsOnThrow;
  }

  /** The code run on entry, before the method's own. */
  void enter(HookCode code) {}

  /** The code run on exit, with the returned value or the thrown exception at hand. */
  void exit(HookCode code) {}
}

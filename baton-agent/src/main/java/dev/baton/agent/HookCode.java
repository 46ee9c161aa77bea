package dev.baton.agent;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Writes a {@link Hook}'s code into a method: loads of the method's receiver, arguments, returned
 * value and thrown exception, and of the hook's own locals; static and interface calls, type
 * checks and casts; stores into those locals and into arguments; and, in entry code only,
 * branches.
 */
final class HookCode {

  private static final String HOOKS = Type.getInternalName(Hooks.class);

  private final MethodVisitor code;
  private final Type[] arguments;
  private final int[] argumentSlots;
  private final Type returned;
  private final String[] locals;
  private final int firstLocal;
  private final boolean isStatic;
  private final String owner;
  /** On exit: the slot of the exception thrown, or -1 on a normal return. */
  private final int thrownSlot;
  /** On a normal return: the slot of the value returned, or -1 when none. */
  private final int returnedSlot;
  private final boolean exiting;
  /** On entry: the frame at any label placed, or null when the class file has no frames. */
  private final Object[] entryFrame;
  /** Whether the code may branch: entry code, but of a constructor, whose receiver is not initialized yet. */
  private final boolean branching;
  private boolean placed;

  private HookCode(
      MethodVisitor code,
      String owner,
      boolean isStatic,
      String descriptor,
      String[] locals,
      int firstLocal,
      boolean exiting,
      int thrownSlot,
      int returnedSlot,
      Object[] entryFrame,
      boolean constructor) {
    this.code = code;
    this.owner = owner;
    this.isStatic = isStatic;
    this.arguments = Type.getArgumentTypes(descriptor);
    this.returned = Type.getReturnType(descriptor);
    this.argumentSlots = new int[arguments.length];
    int slot = isStatic ? 0 : 1;
    for (int i = 0; i < arguments.length; i++) {
      argumentSlots[i] = slot;
      slot += arguments[i].getSize();
    }
    this.locals = locals;
    this.firstLocal = firstLocal;
    this.exiting = exiting;
    this.thrownSlot = thrownSlot;
    this.returnedSlot = returnedSlot;
    this.entryFrame = entryFrame;
    this.branching = !exiting && !constructor;
  }

  /**
   * Code on entry, where it may branch: {@code entryFrame} is the frame at every label it places
   * (the receiver, the arguments and the hook's locals), null when the class file has none. The
   * entry code of a {@code constructor} may not branch.
   */
  static HookCode onEntry(
      MethodVisitor code,
      String owner,
      boolean isStatic,
      String descriptor,
      String[] locals,
      int firstLocal,
      Object[] entryFrame,
      boolean constructor) {
    return new HookCode(code, owner, isStatic, descriptor, locals, firstLocal, false, -1, -1, entryFrame, constructor);
  }

  /** Code on a normal return: the value returned, if any, is in {@code returnedSlot}. */
  static HookCode onReturn(
      MethodVisitor code, String owner, boolean isStatic, String descriptor, String[] locals, int firstLocal, int returnedSlot) {
    return new HookCode(code, owner, isStatic, descriptor, locals, firstLocal, true, -1, returnedSlot, null, false);
  }

  /** Code on throw: the exception is in {@code thrownSlot}. */
  static HookCode onThrow(
      MethodVisitor code, String owner, boolean isStatic, String descriptor, String[] locals, int firstLocal, int thrownSlot) {
    return new HookCode(code, owner, isStatic, descriptor, locals, firstLocal, true, thrownSlot, -1, null, false);
  }

  /** Pushes the receiver. */
  void loadThis() {
    if (isStatic) {
      throw new IllegalStateException("a static method of " + owner + " has no receiver");
    }
    code.visitVarInsn(Opcodes.ALOAD, 0);
  }

  /** Pushes argument {@code index} as it is now. */
  void loadArgument(int index) {
    code.visitVarInsn(arguments[argument(index)].getOpcode(Opcodes.ILOAD), argumentSlots[index]);
  }

  /** Stores the reference on top of the stack into argument {@code index}, cast to its type. */
  void storeArgument(int index) {
    Type type = arguments[argument(index)];
    if (type.getSort() != Type.OBJECT && type.getSort() != Type.ARRAY) {
      throw new IllegalStateException("argument " + index + " of a method of " + owner + " is a " + type);
    }
    if (!type.getDescriptor().equals(Hook.OBJECT)) {
      code.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
    }
    code.visitVarInsn(Opcodes.ASTORE, argumentSlots[index]);
  }

  /** Pushes the hook's local {@code index}. */
  void loadLocal(int index) {
    code.visitVarInsn(locals[local(index)].equals(Hook.BOOLEAN) ? Opcodes.ILOAD : Opcodes.ALOAD, firstLocal + index);
  }

  /** Stores the top of the stack into the hook's local {@code index}. */
  void storeLocal(int index) {
    code.visitVarInsn(locals[local(index)].equals(Hook.BOOLEAN) ? Opcodes.ISTORE : Opcodes.ASTORE, firstLocal + index);
  }

  /**
   * On exit, pushes the value the method returns, or its type's default (null, false, zero) on
   * throw.
   */
  void loadReturned() {
    if (!exiting || returned.getSort() == Type.VOID) {
      throw new IllegalStateException("no value returned at hand in a method of " + owner);
    }
    if (thrownSlot >= 0) {
      pushDefault(returned);
    } else {
      code.visitVarInsn(returned.getOpcode(Opcodes.ILOAD), returnedSlot);
    }
  }

  /** On exit, pushes the exception thrown: null on return. */
  void loadThrown() {
    if (!exiting) {
      throw new IllegalStateException("nothing thrown yet on entry");
    }
    if (thrownSlot >= 0) {
      code.visitVarInsn(Opcodes.ALOAD, thrownSlot);
    } else {
      code.visitInsn(Opcodes.ACONST_NULL);
    }
  }

  /** Pushes {@code value}. */
  void push(boolean value) {
    code.visitInsn(value ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
  }

  /** Pushes null. */
  void pushNull() {
    code.visitInsn(Opcodes.ACONST_NULL);
  }

  /** Replaces the reference on top of the stack by whether it is an instance of {@code type} (an internal name). */
  void instanceOf(String type) {
    code.visitTypeInsn(Opcodes.INSTANCEOF, type);
  }

  /** Casts the reference on top of the stack to {@code type} (an internal name). */
  void checkCast(String type) {
    code.visitTypeInsn(Opcodes.CHECKCAST, type);
  }

  /**
   * A label for the entry code's branches, which the code after the hook's never reaches: the
   * exit code runs where the method's own frames are not known, and may not branch.
   */
  Label newLabel() {
    if (exiting) {
      throw new IllegalStateException("exit code may not branch, in a method of " + owner);
    }
    if (!branching) {
      throw new IllegalStateException("the entry code of a constructor may not branch, in " + owner);
    }
    return new Label();
  }

  /** Places {@code label} here, with the stack empty. */
  void place(Label label) {
    code.visitLabel(label);
    if (entryFrame != null) {
      code.visitFrame(Opcodes.F_NEW, entryFrame.length, entryFrame.clone(), 0, new Object[0]);
    }
    placed = true;
  }

  /** Whether a label was placed: a frame may stand at the entry code's end. */
  boolean placedAny() {
    return placed;
  }

  /** Jumps to {@code label} when the int on top of the stack is zero (false). */
  void jumpIfFalse(Label label) {
    code.visitJumpInsn(Opcodes.IFEQ, label);
  }

  /** Jumps to {@code label} when the reference on top of the stack is null. */
  void jumpIfNull(Label label) {
    code.visitJumpInsn(Opcodes.IFNULL, label);
  }

  /** Jumps to {@code label}. */
  void jump(Label label) {
    code.visitJumpInsn(Opcodes.GOTO, label);
  }

  /** Calls the interface method {@code name} of {@code owner} (an internal name) on the receiver pushed before its arguments. */
  void callInterface(String owner, String name, String descriptor) {
    code.visitMethodInsn(Opcodes.INVOKEINTERFACE, owner, name, descriptor, true);
  }

  /** Calls {@link Hooks}'s static method {@code name}. */
  void call(String name, String descriptor) {
    call(HOOKS, name, descriptor);
  }

  /** Calls the static method {@code name} of {@code owner} (an internal name). */
  void call(String owner, String name, String descriptor) {
    code.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, descriptor, false);
  }

  private int argument(int index) {
    if (index < 0 || index >= arguments.length) {
      throw new IllegalStateException("no argument " + index + " in a method of " + owner);
    }
    return index;
  }

  private int local(int index) {
    if (index < 0 || index >= locals.length) {
      throw new IllegalStateException("the hook has no local " + index);
    }
    return index;
  }

  private void pushDefault(Type type) {
    switch (type.getSort()) {
      case Type.LONG:
        code.visitInsn(Opcodes.LCONST_0);
        break;
      case Type.FLOAT:
        code.visitInsn(Opcodes.FCONST_0);
        break;
      case Type.DOUBLE:
        code.visitInsn(Opcodes.DCONST_0);
        break;
      case Type.OBJECT:
      case Type.ARRAY:
        code.visitInsn(Opcodes.ACONST_NULL);
        break;
      default:
        code.visitInsn(Opcodes.ICONST_0);
    }
  }
}

package dev.baton.agent;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.TypePath;

/**
 * Adds a {@link Hook} to one method as ASM visits it: the hook's locals go right after the
 * arguments (the method's own locals move up by as many slots, in its instructions, its stack map
 * frames and its debug tables), set on entry before the hook's entry code; the exit code goes
 * before every return; a hook that exits on throw gets a handler for {@code Throwable} over the
 * method's own code, after the method's own handlers, that runs the exit code and throws again.
 *
 * <p>Expects expanded frames ({@code ClassReader.EXPAND_FRAMES}), and a writer that computes the
 * maximum stack and locals. The handler's frame declares only the hook's locals, which the
 * method's code never writes, and the arguments with their declared types.
 */
final class HookVisitor extends MethodVisitor {

  private static final String THROWABLE = "java/lang/Throwable";
  private static final int JAVA_6 = 50;

  private final Hook hook;
  private final String owner;
  private final boolean isStatic;
  private final String descriptor;
  private final boolean constructor;
  private final boolean frames;
  private final String[] locals;
  /** The first slot after the arguments, where the hook's locals go. */
  private final int firstLocal;
  /**
   * The slots added: the hook's locals, then one for the exception thrown, then those of the value
   * returned, kept there for the exit code.
   */
  private final int added;
  private final int thrownSlot;
  private final Type returned;
  private final int returnedSlot;

  /** The ranges of the method's own code the handler covers, as start and end labels. */
  private final List<Label> covered = new ArrayList<>();
  private Label rangeStart;
  private boolean codeSinceRangeStart;

  HookVisitor(MethodVisitor next, Hook hook, String owner, int access, String name, String descriptor, int classVersion) {
    super(Opcodes.ASM9, next);
    if (hook.exitsOnThrow() && name.equals("<init>")) {
      // A handler over a constructor's code before its super call has rules of its own
      throw new IllegalArgumentException("a hook on a constructor of " + owner + " cannot exit on throw");
    }
    this.hook = hook;
    this.owner = owner;
    this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
    this.descriptor = descriptor;
    this.constructor = name.equals("<init>");
    this.frames = (classVersion & 0xFFFF) >= JAVA_6;
    this.locals = hook.locals();
    this.firstLocal = (Type.getArgumentsAndReturnSizes(descriptor) >> 2) - (isStatic ? 1 : 0);
    this.thrownSlot = hook.exitsOnThrow() ? firstLocal + locals.length : -1;
    this.returned = Type.getReturnType(descriptor);
    int returnedSize = hook.exits() ? returned.getSize() : 0;
    this.returnedSlot = returnedSize == 0 ? -1 : firstLocal + locals.length + (hook.exitsOnThrow() ? 1 : 0);
    this.added = locals.length + (hook.exitsOnThrow() ? 1 : 0) + returnedSize;
  }

  @Override
  public void visitCode() {
    super.visitCode();
    for (int i = 0; i < locals.length; i++) {
      boolean flag = locals[i].equals(Hook.BOOLEAN);
      mv.visitInsn(flag ? Opcodes.ICONST_0 : Opcodes.ACONST_NULL);
      mv.visitVarInsn(flag ? Opcodes.ISTORE : Opcodes.ASTORE, firstLocal + i);
    }
    HookCode entry =
        HookCode.onEntry(
            mv, owner, isStatic, descriptor, locals, firstLocal, frames && !constructor ? entryFrame() : null, constructor);
    hook.enter(entry);
    if (entry.placedAny()) {
      // Keeps the frame of a label placed last apart from one the method's code has at its start
      mv.visitInsn(Opcodes.NOP);
    }
    if (hook.exitsOnThrow()) {
      startRange();
    }
  }

  @Override
  public void visitInsn(int opcode) {
    if (hook.exits() && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
      endRange();
      if (returnedSlot >= 0) {
        mv.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), returnedSlot);
      }
      hook.exit(HookCode.onReturn(mv, owner, isStatic, descriptor, locals, firstLocal, returnedSlot));
      if (returnedSlot >= 0) {
        mv.visitVarInsn(returned.getOpcode(Opcodes.ILOAD), returnedSlot);
      }
      super.visitInsn(opcode);
      if (hook.exitsOnThrow()) {
        startRange();
      }
      return;
    }
    codeSinceRangeStart = true;
    super.visitInsn(opcode);
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    if (hook.exitsOnThrow()) {
      endRange();
      if (!covered.isEmpty()) {
        Label handler = new Label();
        for (int i = 0; i < covered.size(); i += 2) {
          mv.visitTryCatchBlock(covered.get(i), covered.get(i + 1), handler, THROWABLE);
        }
        mv.visitLabel(handler);
        if (frames) {
          Object[] handlerLocals = entryFrame();
          mv.visitFrame(Opcodes.F_NEW, handlerLocals.length, handlerLocals, 1, new Object[] {THROWABLE});
        }
        mv.visitVarInsn(Opcodes.ASTORE, thrownSlot);
        hook.exit(HookCode.onThrow(mv, owner, isStatic, descriptor, locals, firstLocal, thrownSlot));
        mv.visitVarInsn(Opcodes.ALOAD, thrownSlot);
        mv.visitInsn(Opcodes.ATHROW);
      }
    }
    super.visitMaxs(maxStack, maxLocals + added);
  }

  @Override
  public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
    if (type != Opcodes.F_NEW) {
      throw new IllegalStateException("a method of " + owner + " is read without expanded frames");
    }
    List<Object> moved = new ArrayList<>(numLocal + added);
    int slot = 0;
    int element = 0;
    while (element < numLocal && slot < firstLocal) {
      Object value = local[element++];
      moved.add(value);
      slot += value == Opcodes.LONG || value == Opcodes.DOUBLE ? 2 : 1;
    }
    if (slot > firstLocal) {
      throw new IllegalStateException("a method of " + owner + " keeps a two-slot value across its last argument's slot");
    }
    for (int padding = slot; padding < firstLocal; padding++) {
      moved.add(Opcodes.TOP);
    }
    for (String hookLocal : locals) {
      moved.add(frameType(hookLocal));
    }
    for (int extra = locals.length; extra < added; extra++) {
      moved.add(Opcodes.TOP); // the exception and the value returned, set and read with no frame between
    }
    while (element < numLocal) {
      moved.add(local[element++]);
    }
    super.visitFrame(type, moved.size(), moved.toArray(), numStack, stack);
  }

  @Override
  public void visitVarInsn(int opcode, int slot) {
    codeSinceRangeStart = true;
    super.visitVarInsn(opcode, moved(slot));
  }

  @Override
  public void visitIincInsn(int slot, int increment) {
    codeSinceRangeStart = true;
    super.visitIincInsn(moved(slot), increment);
  }

  @Override
  public void visitLocalVariable(String name, String desc, String signature, Label start, Label end, int slot) {
    super.visitLocalVariable(name, desc, signature, start, end, moved(slot));
  }

  @Override
  public net.bytebuddy.jar.asm.AnnotationVisitor visitLocalVariableAnnotation(
      int typeRef, TypePath typePath, Label[] start, Label[] end, int[] slots, String desc, boolean visible) {
    int[] moved = new int[slots.length];
    for (int i = 0; i < slots.length; i++) {
      moved[i] = moved(slots[i]);
    }
    return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, moved, desc, visible);
  }

  @Override
  public void visitIntInsn(int opcode, int operand) {
    codeSinceRangeStart = true;
    super.visitIntInsn(opcode, operand);
  }

  @Override
  public void visitTypeInsn(int opcode, String type) {
    codeSinceRangeStart = true;
    super.visitTypeInsn(opcode, type);
  }

  @Override
  public void visitFieldInsn(int opcode, String fieldOwner, String name, String desc) {
    codeSinceRangeStart = true;
    super.visitFieldInsn(opcode, fieldOwner, name, desc);
  }

  @Override
  public void visitMethodInsn(int opcode, String methodOwner, String name, String desc, boolean isInterface) {
    codeSinceRangeStart = true;
    super.visitMethodInsn(opcode, methodOwner, name, desc, isInterface);
  }

  @Override
  public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... arguments) {
    codeSinceRangeStart = true;
    super.visitInvokeDynamicInsn(name, desc, bootstrap, arguments);
  }

  @Override
  public void visitJumpInsn(int opcode, Label label) {
    codeSinceRangeStart = true;
    super.visitJumpInsn(opcode, label);
  }

  @Override
  public void visitLdcInsn(Object value) {
    codeSinceRangeStart = true;
    super.visitLdcInsn(value);
  }

  @Override
  public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
    codeSinceRangeStart = true;
    super.visitTableSwitchInsn(min, max, dflt, labels);
  }

  @Override
  public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
    codeSinceRangeStart = true;
    super.visitLookupSwitchInsn(dflt, keys, labels);
  }

  @Override
  public void visitMultiANewArrayInsn(String desc, int dimensions) {
    codeSinceRangeStart = true;
    super.visitMultiANewArrayInsn(desc, dimensions);
  }

  private int moved(int slot) {
    return slot >= firstLocal ? slot + added : slot;
  }

  private void startRange() {
    rangeStart = new Label();
    mv.visitLabel(rangeStart);
    codeSinceRangeStart = false;
  }

  /** Ends the range covered so far, kept unless empty: the JVM refuses an empty one. */
  private void endRange() {
    if (rangeStart == null) {
      return;
    }
    if (codeSinceRangeStart) {
      Label end = new Label();
      mv.visitLabel(end);
      covered.add(rangeStart);
      covered.add(end);
    }
    rangeStart = null;
  }

  /**
   * The receiver and the arguments as declared, then the hook's locals: the frame on entry, and in
   * the handler. A method's code may assign an argument, never with a value of another type (as
   * compilers do), which the handler's frame relies on.
   */
  private Object[] entryFrame() {
    List<Object> types = argumentFrameTypes();
    for (String hookLocal : locals) {
      types.add(frameType(hookLocal));
    }
    return types.toArray();
  }

  private List<Object> argumentFrameTypes() {
    List<Object> types = new ArrayList<>();
    if (!isStatic) {
      types.add(owner);
    }
    for (Type argument : Type.getArgumentTypes(descriptor)) {
      switch (argument.getSort()) {
        case Type.BOOLEAN:
        case Type.BYTE:
        case Type.CHAR:
        case Type.SHORT:
        case Type.INT:
          types.add(Opcodes.INTEGER);
          break;
        case Type.LONG:
          types.add(Opcodes.LONG);
          break;
        case Type.FLOAT:
          types.add(Opcodes.FLOAT);
          break;
        case Type.DOUBLE:
          types.add(Opcodes.DOUBLE);
          break;
        default:
          types.add(argument.getSort() == Type.ARRAY ? argument.getDescriptor() : argument.getInternalName());
      }
    }
    return types;
  }

  private static Object frameType(String local) {
    return local.equals(Hook.BOOLEAN) ? Opcodes.INTEGER : "java/lang/Object";
  }
}

package dev.baton.probe;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/** Generates a {@code Runnable} whose {@code run} method is at the class-file format's size limit. */
final class HugeTaskClass {

  private static final int MAX_CODE_LENGTH = 65_535;

  private HugeTaskClass() {}

  static byte[] bytes(String className) {
    String internalName = className.replace('.', '/');
    ClassWriter writer = new ClassWriter(0);
    writer.visit(
        Opcodes.V11,
        Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER,
        internalName,
        null,
        "java/lang/Object",
        new String[] {"java/lang/Runnable"});
    MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    constructor.visitCode();
    constructor.visitVarInsn(Opcodes.ALOAD, 0);
    constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    constructor.visitInsn(Opcodes.RETURN);
    constructor.visitMaxs(1, 1);
    constructor.visitEnd();
    MethodVisitor run = writer.visitMethod(Opcodes.ACC_PUBLIC, "run", "()V", null, null);
    run.visitCode();
    for (int i = 0; i < MAX_CODE_LENGTH - 1; i++) {
      run.visitInsn(Opcodes.NOP);
    }
    run.visitInsn(Opcodes.RETURN);
    run.visitMaxs(0, 1);
    run.visitEnd();
    writer.visitEnd();
    return writer.toByteArray();
  }
}

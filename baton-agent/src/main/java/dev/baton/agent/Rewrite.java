package dev.baton.agent;

import net.bytebuddy.jar.asm.ClassVisitor;

/**
 * What a transformation does to a class's bytecode, as an ASM visitor over its class file: the
 * class file is read with expanded stack map frames, and written back with the maximum stack and
 * locals recomputed, the rest of the constant pool and the methods left alone copied as they are.
 */
interface Rewrite {

  /** The visitor that rewrites {@code type}, described before, into {@code next}. */
  ClassVisitor visitor(ClassShape type, ClassVisitor next);
}

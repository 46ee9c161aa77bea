package dev.baton.agent;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;

/**
 * A rewrite of a class's bytecode with ASM, for what advice cannot do (add members, hook a call's
 * result): the writer recomputes the stack sizes, and the subclass gives the visitor.
 */
abstract class ClassRewriter implements AsmVisitorWrapper {

  @Override
  public final int mergeWriter(int flags) {
    return flags | ClassWriter.COMPUTE_MAXS;
  }

  @Override
  public final int mergeReader(int flags) {
    return flags;
  }

  @Override
  public final ClassVisitor wrap(
      TypeDescription instrumentedType,
      ClassVisitor classVisitor,
      Implementation.Context implementationContext,
      TypePool typePool,
      FieldList<FieldDescription.InDefinedShape> fields,
      MethodList<?> methods,
      int writerFlags,
      int readerFlags) {
    return visitor(instrumentedType.getInternalName(), classVisitor);
  }

  /** The visitor that rewrites the class named {@code owner} (internal name) into {@code next}. */
  abstract ClassVisitor visitor(String owner, ClassVisitor next);
}

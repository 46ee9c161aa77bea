package dev.baton.agent;

import dev.baton.internal.handoff.LambdaClasses;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Makes the JDK's lambda factory ({@code java.lang.invoke.InnerClassLambdaMetafactory}) pass each
 * lambda class through {@link LambdaClasses#transform} between generating its class file and
 * defining it: in {@code generateInnerClass()}, the first call that returns a {@code byte[]} (the
 * class writer's {@code toByteArray()} on JDK 17 to 23, {@code ClassFile.build} from JDK 24) is
 * followed by that call. The factory's fields it reads are checked first: on a JDK where they are
 * not as expected, the factory is left as it is and lambdas are wrapped when submitted.
 */
final class LambdaFactoryVisitor implements Rewrite {

  static final String FACTORY = "java.lang.invoke.InnerClassLambdaMetafactory";

  private static final String METHOD = "generateInnerClass";
  private static final String CLASS = "Ljava/lang/Class;";

  private LambdaFactoryVisitor() {}

  /** The visitor, or null when this JDK's factory is not the one it knows. */
  static LambdaFactoryVisitor forFactory(TypeDescription factory) {
    boolean known =
        hasField(factory, "lambdaClassName", String.class)
            && hasField(factory, "targetClass", Class.class)
            && hasField(factory, "interfaceClass", Class.class)
            && !factory.getDeclaredMethods().filter(m -> m.getName().equals(METHOD)).isEmpty();
    return known ? new LambdaFactoryVisitor() : null;
  }

  private static boolean hasField(TypeDescription type, String name, Class<?> fieldType) {
    for (TypeDefinition t = type; t != null; t = t.getSuperClass()) {
      for (FieldDescription field : t.getDeclaredFields()) {
        if (field.getName().equals(name) && field.getType().asErasure().represents(fieldType)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public ClassVisitor visitor(TypeDescription type, ClassVisitor next) {
    String owner = type.getInternalName();
    return new ClassVisitor(OpenedClassReader.ASM_API, next) {
      @Override
      public MethodVisitor visitMethod(
          int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
        return name.equals(METHOD) && descriptor.equals("()" + CLASS) ? new Hooking(visitor, owner) : visitor;
      }
    };
  }

  private static final class Hooking extends MethodVisitor {
    private final String owner;
    private boolean hooked;

    Hooking(MethodVisitor next, String owner) {
      super(OpenedClassReader.ASM_API, next);
      this.owner = owner;
    }

    @Override
    public void visitMethodInsn(
        int opcode, String owner, String name, String descriptor, boolean isInterface) {
      super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
      if (!hooked && descriptor.endsWith(")[B")) {
        hooked = true;
        // classFile is on the stack: LambdaClasses.transform(classFile, lambdaClassName, targetClass, interfaceClass)
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, this.owner, "lambdaClassName", "Ljava/lang/String;");
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, this.owner, "targetClass", CLASS);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, this.owner, "interfaceClass", CLASS);
        mv.visitMethodInsn(
            Opcodes.INVOKESTATIC,
            Type.getInternalName(LambdaClasses.class),
            "transform",
            "([BLjava/lang/String;" + CLASS + CLASS + ")[B",
            false);
      }
    }
  }
}

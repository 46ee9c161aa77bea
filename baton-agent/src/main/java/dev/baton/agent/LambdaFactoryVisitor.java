package dev.baton.agent;

import dev.baton.internal.handoff.LambdaClasses;
import java.io.IOException;
import java.lang.reflect.Field;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

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

  /** The one visitor: it keeps nothing, and applies only where {@link #isKnown} says. */
  static final LambdaFactoryVisitor INSTANCE = new LambdaFactoryVisitor();

  private LambdaFactoryVisitor() {}

  /**
   * Whether this JDK's factory is the one this visitor knows: {@code factory} of the bootstrap
   * loader, with {@code loaded} the loaded class when it is being retransformed, else null.
   */
  static boolean isKnown(ClassShape factory, Class<?> loaded) throws IOException {
    return hasField(factory, loaded, "lambdaClassName", String.class)
        && hasField(factory, loaded, "targetClass", Class.class)
        && hasField(factory, loaded, "interfaceClass", Class.class)
        && declaresMethod(factory);
  }

  private static boolean declaresMethod(ClassShape factory) {
    for (ClassShape.Member method : factory.methods()) {
      if (method.name().equals(METHOD) && method.descriptor().equals("()" + CLASS)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the factory or a superclass declares the field, read from the loaded classes or class files. */
  private static boolean hasField(ClassShape factory, Class<?> loaded, String name, Class<?> fieldType) throws IOException {
    if (loaded != null) {
      for (Class<?> type = loaded; type != null; type = type.getSuperclass()) {
        for (Field field : type.getDeclaredFields()) {
          if (field.getName().equals(name) && field.getType() == fieldType) {
            return true;
          }
        }
      }
      return false;
    }
    for (ClassShape type = factory; type != null; ) {
      for (ClassShape.Member field : type.fields()) {
        if (field.name().equals(name) && field.descriptor().equals(fieldType.descriptorString())) {
          return true;
        }
      }
      byte[] superclass = type.superName() == null ? null : Hierarchy.classFile(type.superName(), null);
      type = superclass == null ? null : ClassShape.of(superclass);
    }
    return false;
  }

  @Override
  public ClassVisitor visitor(ClassShape type, ClassVisitor next) {
    String owner = type.internalName();
    return new ClassVisitor(Opcodes.ASM9, next) {
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
      super(Opcodes.ASM9, next);
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

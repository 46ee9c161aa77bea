package dev.baton.agent;

import dev.baton.internal.handoff.CarrierFields;
import dev.baton.internal.handoff.TaskCarrier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Gives a task class a field for the context handed over with its instances, and implements
 * {@link TaskCarrier} over it: the field, a {@code VarHandle} on it made in the class's static
 * initializer with the class's own lookup and held as an {@code Object} (see {@link
 * CarrierFields}), and the interface's two methods. Applied only as a
 * class is defined, and again when a class that got the field is retransformed, as the JVM allows
 * no new members otherwise; see {@link CarrierMatcher}.
 */
final class CarrierFieldInjector implements Rewrite {

  static final CarrierFieldInjector INSTANCE = new CarrierFieldInjector();

  private static final String CARRIER = Type.getInternalName(TaskCarrier.class);
  private static final String FIELD = CarrierFields.FIELD;
  private static final String HANDLE = "$baton$handle";
  private static final String OBJECT = "Ljava/lang/Object;";
  private static final String FIELDS = Type.getInternalName(CarrierFields.class);
  private static final String COMPARE_AND_SET = "$baton$compareAndSet";
  private static final String COMPARE_AND_SET_DESCRIPTOR = "(" + OBJECT + OBJECT + ")Z";
  private static final int MEMBER = Opcodes.ACC_SYNTHETIC;

  private CarrierFieldInjector() {}

  @Override
  public ClassVisitor visitor(ClassShape type, ClassVisitor next) {
    String owner = type.internalName();
    return new Injecting(next, owner);
  }

  /**
   * Adds what the class does not have yet: a class being retransformed may come with Baton's
   * members already (the JVM may hand over the bytes as first transformed), and must end up with
   * them exactly once.
   */
  private static final class Injecting extends ClassVisitor {
    private final String owner;
    private final Set<String> present = new HashSet<>();
    private boolean initializerSeen;

    Injecting(ClassVisitor next, String owner) {
      super(Opcodes.ASM9, next);
      this.owner = owner;
    }

    @Override
    public void visit(
        int version, int access, String name, String signature, String superName, String[] interfaces) {
      String[] all = interfaces == null ? new String[0] : interfaces;
      String withCarrier = signature;
      if (!Arrays.asList(all).contains(CARRIER)) {
        all = Arrays.copyOf(all, all.length + 1);
        all[all.length - 1] = CARRIER;
        // The generic signature lists the interfaces too: reflection and other agents read it
        withCarrier = signature == null ? null : signature + "L" + CARRIER + ";";
      }
      super.visit(version, access, name, withCarrier, superName, all);
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
      present.add(name);
      return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      present.add(name + descriptor);
      MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
      if (!name.equals("<clinit>")) {
        return visitor;
      }
      initializerSeen = true;
      return new MethodVisitor(Opcodes.ASM9, visitor) {
        @Override
        public void visitCode() {
          super.visitCode();
          if (!present.contains(HANDLE)) { // fields are visited before methods
            initializeHandle(mv);
          }
        }
      };
    }

    @Override
    public void visitEnd() {
      if (!present.contains(FIELD)) {
        cv.visitField(
                Opcodes.ACC_PRIVATE | Opcodes.ACC_VOLATILE | Opcodes.ACC_TRANSIENT | MEMBER,
                FIELD,
                OBJECT,
                null,
                null)
            .visitEnd();
      }
      if (!present.contains(HANDLE)) {
        cv.visitField(
                Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL | MEMBER, HANDLE, OBJECT, null, null)
            .visitEnd();
        if (!initializerSeen) {
          MethodVisitor init = cv.visitMethod(Opcodes.ACC_STATIC | MEMBER, "<clinit>", "()V", null, null);
          init.visitCode();
          initializeHandle(init);
          init.visitInsn(Opcodes.RETURN);
          init.visitMaxs(1, 0);
          init.visitEnd();
        }
      }
      if (!present.contains(FIELD + "()" + OBJECT)) {
        MethodVisitor get = cv.visitMethod(Opcodes.ACC_PUBLIC | MEMBER, FIELD, "()" + OBJECT, null, null);
        get.visitCode();
        get.visitVarInsn(Opcodes.ALOAD, 0);
        get.visitFieldInsn(Opcodes.GETFIELD, owner, FIELD, OBJECT);
        get.visitInsn(Opcodes.ARETURN);
        get.visitMaxs(1, 1);
        get.visitEnd();
      }
      if (!present.contains(COMPARE_AND_SET + COMPARE_AND_SET_DESCRIPTOR)) {
        MethodVisitor cas =
            cv.visitMethod(Opcodes.ACC_PUBLIC | MEMBER, COMPARE_AND_SET, COMPARE_AND_SET_DESCRIPTOR, null, null);
        cas.visitCode();
        cas.visitFieldInsn(Opcodes.GETSTATIC, owner, HANDLE, OBJECT);
        cas.visitVarInsn(Opcodes.ALOAD, 0);
        cas.visitVarInsn(Opcodes.ALOAD, 1);
        cas.visitVarInsn(Opcodes.ALOAD, 2);
        cas.visitMethodInsn(
            Opcodes.INVOKESTATIC, FIELDS, "compareAndSet", "(" + OBJECT + OBJECT + OBJECT + OBJECT + ")Z", false);
        cas.visitInsn(Opcodes.IRETURN);
        cas.visitMaxs(4, 3);
        cas.visitEnd();
      }
      super.visitEnd();
    }

    /** {@code $baton$handle = CarrierFields.handle(MethodHandles.lookup());} */
    private void initializeHandle(MethodVisitor code) {
      code.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          "java/lang/invoke/MethodHandles",
          "lookup",
          "()Ljava/lang/invoke/MethodHandles$Lookup;",
          false);
      code.visitMethodInsn(
          Opcodes.INVOKESTATIC, FIELDS, "handle", "(Ljava/lang/invoke/MethodHandles$Lookup;)" + OBJECT, false);
      code.visitFieldInsn(Opcodes.PUTSTATIC, owner, HANDLE, OBJECT);
    }
  }
}

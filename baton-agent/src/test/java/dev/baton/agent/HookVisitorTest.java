package dev.baton.agent;

import static dev.baton.agent.MethodMatcher.isConstructor;
import static dev.baton.agent.MethodMatcher.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.hooked.Subject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hooks as the agent writes them into a class file: what their code sees (arguments, the value
 * returned, the exception thrown), when it runs, and that the method does what it did before.
 * Each test defines {@link Subject} again from its hooked class file, in a loader of its own.
 */
class HookVisitorTest {

  private static final String SUBJECT = Subject.class.getName();
  private static final String OBJECT = Hook.OBJECT;
  private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
  private static final AtomicInteger TOKENS = new AtomicInteger();

  @BeforeEach
  void clear() {
    EVENTS.clear();
    TOKENS.set(0);
  }

  @Test
  void theExitCodeRunsOnEveryReturnWithWhatTheEntryCodeKept() throws Throwable {
    Class<?> hooked = hooked(MethodHooks.of().hook(named("mix").or(named("pick")), around("A")));
    Object subject = hooked.getConstructor(String.class).newInstance("subject");

    Object mixed = call(subject, "mix", 3, 5L, 1.5, "t");
    Object first = call(subject, "pick", true);
    Object second = call(subject, "pick", false);

    assertThat(mixed).isEqualTo(new Subject("subject").mix(3, 5L, 1.5, "t")).isEqualTo("t012:8:3.0");
    assertThat(first).isEqualTo(1);
    assertThat(second).isEqualTo(107);
    assertThat(EVENTS)
        .containsExactly(
            "enter A1", "exit A1 true returned", "enter A2", "exit A2 true returned", "enter A3", "exit A3 true returned");
  }

  @Test
  void theExitCodeSeesWhatTheMethodThrowsWhichIsThrownOnUnchanged() throws Throwable {
    Object subject = hooked(MethodHooks.of().hook(named("fail"), around("A"))).getConstructor(String.class).newInstance("s");

    assertThatThrownBy(() -> call(subject, "fail", "boom"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
    assertThat(EVENTS).containsExactly("enter A1", "exit A1 true threw IllegalStateException: boom");
  }

  @Test
  void theMethodsOwnHandlersCatchFirst() throws Throwable {
    Object subject = hooked(MethodHooks.of().hook(named("recover"), around("A"))).getConstructor(String.class).newInstance("s");

    assertThat(call(subject, "recover", 0)).isEqualTo(-7L);
    assertThat(call(subject, "recover", 2)).isEqualTo(3L);
    assertThat(EVENTS).containsExactly("enter A1", "exit A1 true returned", "enter A2", "exit A2 true returned");
  }

  @Test
  void theExitCodeSeesTheValueReturnedAndOnThrowItsDefault() throws Throwable {
    Class<?> hooked =
        hooked(MethodHooks.of().hook(named("choose"), new ReturnedLong()).hook(named("pick"), new ReturnedInt()));

    Object subject = hooked.getConstructor(String.class).newInstance("subject");
    for (int key = 0; key < 4; key++) {
      call(subject, "choose", key);
    }
    call(subject, "pick", false);
    Object nameless = hooked.getConstructor(String.class).newInstance((Object) null);
    assertThatThrownBy(() -> call(nameless, "pick", false)).isInstanceOf(NullPointerException.class);

    assertThat(EVENTS)
        .containsExactly(
            "returned 10", "returned 11", "returned 12", "returned -1", "returned 107 with nothing thrown",
            "returned 0 with NullPointerException thrown");
  }

  @Test
  void anArgumentReplacedOnEntryIsWhatTheMethodSees() throws Throwable {
    Object subject = hooked(MethodHooks.of().hook(named("mix"), new ReplaceText())).getConstructor(String.class).newInstance("s");

    assertThat(call(subject, "mix", 1, 0L, 0.0, "t")).isEqualTo("replaced t0:0:0.0");
  }

  @Test
  void hooksOnOneMethodNestTheFirstGivenOutermost() throws Throwable {
    Object subject =
        hooked(MethodHooks.of().hook(named("nothing"), around("A")).hook(named("nothing"), around("B")))
            .getConstructor(String.class)
            .newInstance("s");

    call(subject, "nothing");

    assertThat(EVENTS).containsExactly("enter A1", "enter B2", "exit B2 true returned", "exit A1 true returned");
  }

  @Test
  void aStaticMethodIsHookedLikeAnyOther() throws Throwable {
    Class<?> hooked = hooked(MethodHooks.of().hook(named("echo"), around("A")));

    assertThat(hooked.getMethod("echo", Object.class).invoke(null, "value")).isEqualTo("value");
    assertThat(EVENTS).containsExactly("enter A1", "exit A1 true returned");
  }

  @Test
  void aConstructorsExitCodeSeesTheInstanceBuilt() throws Throwable {
    Object subject = hooked(MethodHooks.of().hook(isConstructor(), new Constructed())).getConstructor(String.class).newInstance("built");

    assertThat(EVENTS).containsExactly("constructed built from built");
    assertThat(subject.getClass().getField("name").get(subject)).isEqualTo("built");
  }

  @Test
  void aHookThatWouldExitOnThrowFromAConstructorIsRefused() {
    assertThatThrownBy(() -> hooked(MethodHooks.of().hook(isConstructor(), around("A"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a hook on a constructor of dev/baton/hooked/Subject cannot exit on throw");
  }

  @Test
  void aHookAskingForTheReceiverOfAStaticMethodIsRefused() {
    assertThatThrownBy(() -> hooked(MethodHooks.of().hook(named("echo"), new Constructed())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a static method of dev/baton/hooked/Subject has no receiver");
  }

  @Test
  void entryCodeMayBranchExceptAConstructorsAndExitCodeMayNot() throws Throwable {
    Hook branching =
        new Hook(true, false, OBJECT) {
          @Override
          void enter(HookCode code) {
            Label skip = code.newLabel();
            code.loadArgument(0);
            code.jumpIfFalse(skip);
            code.call(RECORDER, "enterA", "()" + OBJECT);
            code.storeLocal(0);
            code.place(skip);
          }

          @Override
          void exit(HookCode code) {
            code.loadLocal(0);
            code.loadLocal(0);
            code.call(RECORDER, "kept", "(" + OBJECT + ")V");
            code.call(RECORDER, "kept", "(" + OBJECT + ")V");
          }
        };
    Object subject = hooked(MethodHooks.of().hook(named("pick"), branching)).getConstructor(String.class).newInstance("s");

    assertThat(call(subject, "pick", true)).isEqualTo(1);
    assertThat(call(subject, "pick", false)).isEqualTo(101);
    assertThat(EVENTS).containsExactly("enter A1", "kept A1", "kept A1", "kept null", "kept null");

    Hook branchingOnExit =
        new Hook(true, false) {
          @Override
          void exit(HookCode code) {
            code.newLabel();
          }
        };
    assertThatThrownBy(() -> hooked(MethodHooks.of().hook(named("pick"), branchingOnExit)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("exit code may not branch, in a method of dev/baton/hooked/Subject");
    assertThatThrownBy(() -> hooked(MethodHooks.of().hook(isConstructor(), branching)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the entry code of a constructor may not branch, in dev/baton/hooked/Subject");
  }

  @Test
  void hookLocalsAreObjectsOrBooleans() {
    assertThatThrownBy(() -> new Hook(false, false, "J") {})
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a hook's local is an Object or a boolean, not J");
  }

  @Test
  void aClassFileWithoutStackMapFramesGetsNone() throws Throwable {
    String name = "dev.baton.hooked.Old";
    byte[] old = oldClassFile(name);
    Class<?> hooked = define(name, rewrite(old, MethodHooks.of().hook(named("twice"), around("A"))));
    Object instance = hooked.getConstructor().newInstance();

    assertThat(call(instance, "twice", 4)).isEqualTo(8);
    assertThatThrownBy(() -> call(instance, "twice", -1)).isInstanceOf(IllegalArgumentException.class).hasMessage("negative");
    assertThat(EVENTS).containsExactly("enter A1", "exit A1 true returned", "enter A2", "exit A2 true threw IllegalArgumentException: negative");
  }

  /** What the hooks call: public, as the classes hooked are defined by another loader. */
  public static final class Recorder {
    private Recorder() {}

    public static Object enterA() {
      return enter("A");
    }

    public static Object enterB() {
      return enter("B");
    }

    private static Object enter(String hook) {
      String token = hook + TOKENS.incrementAndGet();
      EVENTS.add("enter " + token);
      return token;
    }

    public static void exitA(Object token, boolean flag, Throwable thrown) {
      exit(token, flag, thrown);
    }

    public static void exitB(Object token, boolean flag, Throwable thrown) {
      exit(token, flag, thrown);
    }

    private static void exit(Object token, boolean flag, Throwable thrown) {
      EVENTS.add("exit " + token + " " + flag + " " + (thrown == null ? "returned" : "threw " + thrown.getClass().getSimpleName() + ": " + thrown.getMessage()));
    }

    public static void returnedLong(long value) {
      EVENTS.add("returned " + value);
    }

    public static void returnedInt(int value, Throwable thrown) {
      EVENTS.add("returned " + value + " with " + (thrown == null ? "nothing" : thrown.getClass().getSimpleName()) + " thrown");
    }

    public static void kept(Object value) {
      EVENTS.add("kept " + value);
    }

    public static Object replace(Object text) {
      return "replaced " + text;
    }

    public static void constructed(Object instance, Object name) throws ReflectiveOperationException {
      EVENTS.add("constructed " + instance.getClass().getField("name").get(instance) + " from " + name);
    }
  }

  // The hooks

  private static final String RECORDER = Type.getInternalName(Recorder.class);

  /** Keeps a token and a flag from entry to exit, on return and on throw. */
  private static Hook around(String hook) {
    return new KeepingHook(Recorder.class, "enter" + hook, "exit" + hook);
  }

  private static final class ReturnedLong extends Hook {
    ReturnedLong() {
      super(true, false);
    }

    @Override
    void exit(HookCode code) {
      code.loadReturned();
      code.call(RECORDER, "returnedLong", "(J)V");
    }
  }

  private static final class ReturnedInt extends Hook {
    ReturnedInt() {
      super(true, true);
    }

    @Override
    void exit(HookCode code) {
      code.loadReturned();
      code.loadThrown();
      code.call(RECORDER, "returnedInt", "(ILjava/lang/Throwable;)V");
    }
  }

  private static final class ReplaceText extends Hook {
    ReplaceText() {
      super(false, false);
    }

    @Override
    void enter(HookCode code) {
      code.loadArgument(3);
      code.call(RECORDER, "replace", "(" + OBJECT + ")" + OBJECT);
      code.storeArgument(3);
    }
  }

  private static final class Constructed extends Hook {
    Constructed() {
      super(true, false);
    }

    @Override
    void exit(HookCode code) {
      code.loadThis();
      code.loadArgument(0);
      code.call(RECORDER, "constructed", "(" + OBJECT + OBJECT + ")V");
    }
  }

  // Rewriting and defining

  private static Class<?> hooked(Rewrite rewrite) throws IOException {
    return define(SUBJECT, rewrite(classFile(SUBJECT), rewrite));
  }

  static byte[] rewrite(byte[] classFile, Rewrite rewrite) {
    return AgentTransformer.rewrite(ClassShape.of(classFile), classFile, List.of(rewrite));
  }

  static byte[] classFile(String name) {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(name.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Class<?> define(String name, byte[] classFile) {
    return new ClassLoader("hooked", HookVisitorTest.class.getClassLoader()) {
      Class<?> defined() {
        return defineClass(name, classFile, 0, classFile.length);
      }
    }.defined();
  }

  private static Object call(Object target, String name, Object... arguments) throws Throwable {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
        try {
          return method.invoke(target, arguments);
        } catch (InvocationTargetException thrown) {
          throw thrown.getCause();
        }
      }
    }
    throw new AssertionError("no method " + name);
  }

  /** A Java 5 class file, without stack map frames: {@code int twice(int x)}, which throws on a negative x. */
  private static byte[] oldClassFile(String name) {
    String internal = name.replace('.', '/');
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC, internal, null, "java/lang/Object", null);
    MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    MethodVisitor twice = writer.visitMethod(Opcodes.ACC_PUBLIC, "twice", "(I)I", null, null);
    twice.visitCode();
    Label positive = new Label();
    twice.visitVarInsn(Opcodes.ILOAD, 1);
    twice.visitJumpInsn(Opcodes.IFGE, positive);
    twice.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalArgumentException");
    twice.visitInsn(Opcodes.DUP);
    twice.visitLdcInsn("negative");
    twice.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "(Ljava/lang/String;)V", false);
    twice.visitInsn(Opcodes.ATHROW);
    twice.visitLabel(positive);
    twice.visitVarInsn(Opcodes.ILOAD, 1);
    twice.visitInsn(Opcodes.ICONST_2);
    twice.visitInsn(Opcodes.IMUL);
    twice.visitInsn(Opcodes.IRETURN);
    twice.visitMaxs(0, 0);
    twice.visitEnd();
    writer.visitEnd();
    return writer.toByteArray();
  }
}

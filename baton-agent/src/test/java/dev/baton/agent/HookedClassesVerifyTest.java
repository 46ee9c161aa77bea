package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.concurrent.DefaultPromise;
import io.vertx.core.impl.future.FutureImpl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;
import net.bytebuddy.utility.OpenedClassReader;
import org.junit.jupiter.api.Test;

/**
 * The JVM's verifier accepts what hooks make of real classes: every method of the JDK's
 * concurrency packages and of Guava's, Netty's and Vert.x's futures, each with hooks that keep
 * locals, replace an argument, read the value returned, exit on throw, and branch on entry (a
 * task's run, as the agent writes it). Linking a class (which
 * reflecting on its methods does) verifies it; the JDK's classes are renamed to be defined here.
 */
class HookedClassesVerifyTest {

  private static final String JDK_CONCURRENT = "java/util/concurrent/";
  private static final String RENAMED = "hooked/";
  private static final String RECORDER = Type.getInternalName(Recorder.class);
  private static final String OBJECT = Hook.OBJECT;

  @Test
  void theJdksConcurrencyClassesVerifyWithEveryMethodHooked() throws IOException {
    List<String> names;
    Path concurrent = FileSystems.getFileSystem(URI.create("jrt:/")).getPath("/modules/java.base/java/util/concurrent");
    try (Stream<Path> files = Files.walk(concurrent)) {
      names =
          files
              .map(path -> concurrent.getParent().getParent().getParent().relativize(path).toString())
              .filter(name -> name.endsWith(".class") && !name.endsWith("package-info.class"))
              .map(name -> RENAMED + name.substring(0, name.length() - ".class".length()))
              .collect(Collectors.toList());
    }

    Verification verification = verify(names);

    assertThat(verification.failures).isEmpty();
    assertThat(verification.verified).isGreaterThan(200);
    assertThat(verification.hookedMethods).isGreaterThan(2000);
  }

  @Test
  void guavasNettysAndVertxsFuturesVerifyWithEveryMethodHooked() throws IOException {
    List<String> names = new ArrayList<>();
    names.addAll(classesIn(com.google.common.util.concurrent.AbstractFuture.class, "com/google/common/util/concurrent/"));
    names.addAll(classesIn(DefaultPromise.class, "io/netty/util/concurrent/"));
    names.addAll(classesIn(FutureImpl.class, "io/vertx/core/impl/future/"));

    Verification verification = verify(names);

    assertThat(verification.failures).isEmpty();
    assertThat(verification.verified).isGreaterThan(300);
  }

  @Test
  void aHookWhoseCodeIsWrongIsCaughtByThisCheck() {
    Hook wrong =
        new Hook(false, false) {
          @Override
          void enter(HookCode code) {
            code.loadThis();
            code.call(RECORDER, "takesLong", "(J)V");
          }
        };
    String name = Type.getInternalName(dev.baton.hooked.Subject.class);
    byte[] broken = rewrite(name, classFile(name), (method, descriptor, access) -> method.equals("nothing") ? List.of(wrong) : List.of());

    String binaryName = name.replace('/', '.');
    assertThatThrownBy(() -> new Defining(binaryName::equals, internalName -> broken).linked(binaryName))
        .isInstanceOf(VerifyError.class)
        .hasMessageContaining("nothing");
  }

  /** What hooks a method gets: by its name, descriptor and access flags. */
  private interface Hooking {
    List<Hook> hooks(String method, String descriptor, int access);
  }

  /** Every kind of hook code, on every method with code; constructors exit on return only. */
  private static List<Hook> everyKind(String method, String descriptor, int access) {
    List<Hook> hooks = new ArrayList<>();
    boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
    if (method.equals("<init>")) {
      hooks.add(new Receiver());
      return hooks;
    }
    if (method.equals("<clinit>")) {
      return hooks;
    }
    hooks.add(new KeepingHook(Recorder.class, "enter", "exit"));
    Type[] arguments = Type.getArgumentTypes(descriptor);
    if (arguments.length > 0 && (arguments[0].getSort() == Type.OBJECT || arguments[0].getSort() == Type.ARRAY)) {
      hooks.add(new SameArgument());
    }
    Type returned = Type.getReturnType(descriptor);
    if (returned.getSort() != Type.VOID) {
      hooks.add(new Returned(returned));
    }
    if (!isStatic) {
      hooks.add(new Receiver());
      // The agent's own hook whose entry code branches, nested in the others
      hooks.add(new TaskRunAdvice());
    }
    return hooks;
  }

  private static Verification verify(List<String> internalNames) {
    Verification verification = new Verification();
    Set<String> packages = new HashSet<>();
    for (String internalName : internalNames) {
      packages.add(internalName.substring(0, internalName.lastIndexOf('/') + 1).replace('/', '.'));
    }
    Defining loader =
        new Defining(
            name -> packages.contains(name.substring(0, name.lastIndexOf('.') + 1)) || name.startsWith(RENAMED.replace('/', '.')),
            internalName -> {
              String original = internalName.startsWith(RENAMED) ? internalName.substring(RENAMED.length()) : internalName;
              return rewrite(original, classFile(original), (method, descriptor, access) -> {
                List<Hook> hooks = everyKind(method, descriptor, access);
                verification.hookedMethods += hooks.isEmpty() ? 0 : 1;
                return hooks;
              });
            });
    for (String internalName : internalNames) {
      try {
        loader.linked(internalName.replace('/', '.'));
        verification.verified++;
      } catch (VerifyError | ClassFormatError wrong) {
        verification.failures.put(internalName, wrong.toString());
      } catch (ClassNotFoundException | LinkageError unrelated) {
        // A class this one needs cannot be defined here (another loader's): not a hook's doing
      }
    }
    return verification;
  }

  /** The class file of {@code original}, hooked, and renamed when it is the JDK's. */
  private static byte[] rewrite(String original, byte[] classFile, Hooking hooking) {
    ClassReader reader = OpenedClassReader.of(classFile);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    ClassVisitor hooked =
        new ClassVisitor(OpenedClassReader.ASM_API, writer) {
          private String owner;
          private int version;

          @Override
          public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.owner = name;
            this.version = version;
            super.visit(version, access, name, signature, superName, interfaces);
          }

          @Override
          public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
            if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
              return visitor;
            }
            for (Hook hook : hooking.hooks(name, descriptor, access)) {
              visitor = new HookVisitor(visitor, hook, owner, access, name, descriptor, version);
            }
            return visitor;
          }
        };
    ClassVisitor renaming =
        new ClassRemapper(
            hooked,
            new Remapper() {
              @Override
              public String map(String internalName) {
                return internalName.startsWith(JDK_CONCURRENT) ? RENAMED + internalName : internalName;
              }
            });
    reader.accept(renaming, ClassReader.EXPAND_FRAMES);
    return writer.toByteArray();
  }

  private static byte[] classFile(String internalName) {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
      if (in == null) {
        throw new IllegalArgumentException("no class file for " + internalName);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> classesIn(Class<?> member, String prefix) throws IOException {
    Path jar = Path.of(URI.create(member.getProtectionDomain().getCodeSource().getLocation().toString()));
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream()
          .map(entry -> entry.getName())
          .filter(name -> name.startsWith(prefix) && name.endsWith(".class") && !name.endsWith("package-info.class"))
          .map(name -> name.substring(0, name.length() - ".class".length()))
          .collect(Collectors.toList());
    }
  }

  private static final class Verification {
    final Map<String, String> failures = new TreeMap<>();
    int verified;
    int hookedMethods;
  }

  /** Defines the classes {@code definedHere} accepts from their hooked class files, child first. */
  private static final class Defining extends ClassLoader {
    private final Predicate<String> definedHere;
    private final Function<String, byte[]> hookedClassFile;

    Defining(Predicate<String> definedHere, Function<String, byte[]> hookedClassFile) {
      super("hooked", HookedClassesVerifyTest.class.getClassLoader());
      this.definedHere = definedHere;
      this.hookedClassFile = hookedClassFile;
    }

    /** The class {@code name}, linked, which verifies it. */
    Class<?> linked(String name) throws ClassNotFoundException {
      Class<?> type = loadClass(name);
      type.getDeclaredMethods();
      return type;
    }

    @Override
    protected Class<?> loadClass(String requested, boolean resolve) throws ClassNotFoundException {
      if (!definedHere.test(requested)) {
        return super.loadClass(requested, resolve);
      }
      synchronized (getClassLoadingLock(requested)) {
        Class<?> loaded = findLoadedClass(requested);
        if (loaded == null) {
          byte[] classFile = hookedClassFile.apply(requested.replace('.', '/'));
          loaded = defineClass(requested, classFile, 0, classFile.length);
        }
        return loaded;
      }
    }
  }

  // The hooks, calling the recorder with every kind of value

  /** What the hooks call: nothing runs here, the classes are only verified. */
  public static final class Recorder {
    private Recorder() {}

    public static Object enter() {
      return null;
    }

    public static void exit(Object kept, boolean flag, Throwable thrown) {}

    public static Object same(Object argument) {
      return argument;
    }

    public static void returned(int value, Throwable thrown) {}

    public static void returned(long value, Throwable thrown) {}

    public static void returned(float value, Throwable thrown) {}

    public static void returned(double value, Throwable thrown) {}

    public static void returned(Object value, Throwable thrown) {}

    public static void receiver(Object receiver) {}

    public static void takesLong(long value) {}
  }

  private static final class SameArgument extends Hook {
    SameArgument() {
      super(false, false);
    }

    @Override
    void enter(HookCode code) {
      code.loadArgument(0);
      code.call(RECORDER, "same", "(" + OBJECT + ")" + OBJECT);
      code.storeArgument(0);
    }
  }

  private static final class Returned extends Hook {
    private final String value;

    Returned(Type returned) {
      super(true, true);
      switch (returned.getSort()) {
        case Type.LONG:
          value = "J";
          break;
        case Type.FLOAT:
          value = "F";
          break;
        case Type.DOUBLE:
          value = "D";
          break;
        case Type.OBJECT:
        case Type.ARRAY:
          value = OBJECT;
          break;
        default:
          value = "I";
      }
    }

    @Override
    void exit(HookCode code) {
      code.loadReturned();
      code.loadThrown();
      code.call(RECORDER, "returned", "(" + value + "Ljava/lang/Throwable;)V");
    }
  }

  private static final class Receiver extends Hook {
    Receiver() {
      super(true, false);
    }

    @Override
    void exit(HookCode code) {
      code.loadThis();
      code.call(RECORDER, "receiver", "(" + OBJECT + ")V");
    }
  }
}

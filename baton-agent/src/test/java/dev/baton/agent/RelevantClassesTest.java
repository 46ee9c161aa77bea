package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.loaded.Classes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which classes being defined the agent hands to ByteBuddy: decided from their own class file
 * (the methods it declares) and their supertypes' class files, read through the class's own
 * loader. Deciding loads no class: a class loaded while a transformer runs is never shown to any
 * transformer (the JVM's instrumentation does not re-enter), so a supertype loaded here would go
 * uninstrumented for good.
 */
class RelevantClassesTest {

  private final ApplicationLoader loader = new ApplicationLoader();

  @BeforeAll
  static void instrumentTasks() {
    // What the agent's installation does first: each instrumentation names what it advises
    new TaskInstrumentation().addTo(Transformations.none());
  }

  @AfterEach
  void forgetInitialization() {
    System.clearProperty(Classes.InitializedTask.INITIALIZED);
  }

  @Test
  void aTaskByInheritanceIsRelevantWhileItsSuperclassIsNotLoadedYetAndDecidingLoadsNothing() {
    String subTask = Classes.InitializedSubTask.class.getName();

    assertThat(RelevantClasses.relevant(internalName(subTask), classFile(subTask), loader)).isTrue();

    assertThat(loader.resourcesAskedFor).contains(internalName(Classes.InitializedTask.class.getName()) + ".class");
    assertThat(loader.loaded(Classes.InitializedTask.class.getName())).isNull();
    assertThat(loader.loaded(subTask)).isNull();
    assertThat(System.getProperty(Classes.InitializedTask.INITIALIZED)).isNull();
  }

  @Test
  void aTaskThatDeclaresNoMethodAnInstrumentationAdvisesIsNotRelevantAndItsSupertypesAreNotRead() {
    String subTask = Classes.InheritingSubTask.class.getName();

    assertThat(RelevantClasses.relevant(internalName(subTask), classFile(subTask), loader)).isFalse();

    assertThat(loader.resourcesAskedFor).isEmpty();
  }

  @Test
  void aClassWithoutSuchSupertypesIsNotRelevant() {
    String plain = Classes.Plain.class.getName();

    assertThat(RelevantClasses.relevant(internalName(plain), classFile(plain), loader)).isFalse();
  }

  @Test
  void aClassWhoseSuperclassCannotBeFoundIsLeftToByteBuddy() {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "dev/baton/loaded/Orphan", null, "dev/baton/loaded/Missing", null);
    writer.visitMethod(Opcodes.ACC_PUBLIC, "run", "()V", null, null).visitEnd();
    writer.visitEnd();

    assertThat(RelevantClasses.relevant("dev/baton/loaded/Orphan", writer.toByteArray(), loader)).isTrue();
  }

  private static String internalName(String name) {
    return name.replace('.', '/');
  }

  private static byte[] classFile(String name) {
    try (InputStream in = RelevantClassesTest.class.getClassLoader().getResourceAsStream(internalName(name) + ".class")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An application's loader: defines the classes of {@code dev.baton.loaded} itself, child first. */
  private static final class ApplicationLoader extends ClassLoader {
    final List<String> resourcesAskedFor = new CopyOnWriteArrayList<>();

    ApplicationLoader() {
      super("application", RelevantClassesTest.class.getClassLoader());
    }

    Class<?> loaded(String name) {
      return findLoadedClass(name);
    }

    @Override
    public URL getResource(String name) {
      resourcesAskedFor.add(name);
      return super.getResource(name);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("dev.baton.loaded.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> type = findLoadedClass(name);
        if (type == null) {
          byte[] bytes = classFile(name);
          type = defineClass(name, bytes, 0, bytes.length);
        }
        return type;
      }
    }
  }
}

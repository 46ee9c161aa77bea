package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.loaded.Classes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which classes being defined the agent hands to ByteBuddy: decided from their header and their
 * supertypes' class files, read through the class's own loader. Deciding loads no class: a class
 * loaded while a transformer runs is never shown to any transformer (the JVM's instrumentation
 * does not re-enter), so a supertype loaded here would go uninstrumented for good.
 */
class RelevantClassesTest {

  private final ApplicationLoader loader = new ApplicationLoader();

  @AfterEach
  void forgetInitialization() {
    System.clearProperty(Classes.InitializedTask.INITIALIZED);
  }

  @Test
  void aTaskByInheritanceIsRelevantWhileItsSuperclassIsNotLoadedYetAndDecidingLoadsNothing() {
    String subTask = Classes.InitializedSubTask.class.getName();

    assertThat(RelevantClasses.relevant(internalName(subTask), classFile(subTask), loader)).isTrue();

    assertThat(loader.loaded(Classes.InitializedTask.class.getName())).isNull();
    assertThat(loader.loaded(subTask)).isNull();
    assertThat(System.getProperty(Classes.InitializedTask.INITIALIZED)).isNull();
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
    ApplicationLoader() {
      super("application", RelevantClassesTest.class.getClassLoader());
    }

    Class<?> loaded(String name) {
      return findLoadedClass(name);
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

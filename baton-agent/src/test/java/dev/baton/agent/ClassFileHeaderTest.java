package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;
import org.junit.jupiter.api.Test;

/**
 * The agent's own reading of class files (names, access, version, supertypes, members) gives what
 * ASM's full parse gives, on the JDK's classes (every constant pool entry kind among them: dynamic constants, method handles, modules)
 * and on classes with names outside ASCII.
 */
class ClassFileHeaderTest {

  private static final Set<String> ADVISED = Set.of("execute", "submit", "run", "call", "start", "<init>", "tryFire");

  @Test
  void readsWhatAsmReadsFromEveryClassOfTheJdksBaseModule() throws IOException {
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    List<Path> classFiles;
    try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
      classFiles = files.filter(path -> path.toString().endsWith(".class")).toList();
    }
    assertThat(classFiles).hasSizeGreaterThan(3000);

    int declaring = 0;
    for (Path path : classFiles) {
      byte[] classFile = Files.readAllBytes(path);
      ClassReader asm = new ClassReader(classFile);
      ClassFileHeader header = new ClassFileHeader(classFile);

      assertThat(header.name()).as(path.toString()).isEqualTo(asm.getClassName());
      assertThat(header.access()).as(path.toString()).isEqualTo(asm.getAccess());
      assertThat(header.majorVersion()).as(path.toString()).isEqualTo(asm.readUnsignedShort(6));
      assertThat(header.superName()).as(path.toString()).isEqualTo(asm.getSuperName());
      Members members = members(asm);
      assertThat(header.fields()).as(path.toString()).isEqualTo(members.fields);
      assertThat(header.methods()).as(path.toString()).isEqualTo(members.methods);
      assertThat(header.interfaces()).as(path.toString()).containsExactly(asm.getInterfaces());
      boolean declares = declaresOneOf(asm, ADVISED);
      assertThat(header.declaresMethodNamed(ADVISED)).as(path.toString()).isEqualTo(declares);
      declaring += declares ? 1 : 0;
    }
    assertThat(declaring).isGreaterThan(1000).isLessThan(classFiles.size());
  }

  @Test
  void namesOutsideAsciiAreDecodedAndNeverTakenForAnAdvisedMethod() {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(
        Opcodes.V17, Opcodes.ACC_PUBLIC, "dev/baton/loaded/Tâche€", null, "dev/baton/loaded/Über€",
        new String[] {"java/lang/Runnable", "dev/baton/loaded/Aufgabe\u00e9"});
    writer.visitMethod(Opcodes.ACC_PUBLIC, "rün", "()V", null, null);
    writer.visitMethod(Opcodes.ACC_PUBLIC, "r\u0000n", "()V", null, null);
    writer.visitField(Opcodes.ACC_PRIVATE, "größe€", "Ldev/baton/loaded/Über€;", null, null);
    writer.visitEnd();

    ClassFileHeader header = new ClassFileHeader(writer.toByteArray());

    assertThat(header.name()).isEqualTo("dev/baton/loaded/Tâche€");
    assertThat(header.methods())
        .extracting(ClassShape.Member::name)
        .containsExactly("rün", "r\u0000n");
    assertThat(header.fields())
        .containsExactly(new ClassShape.Member(Opcodes.ACC_PRIVATE, "größe€", "Ldev/baton/loaded/Über€;"));
    assertThat(header.superName()).isEqualTo("dev/baton/loaded/Über€");
    assertThat(header.interfaces()).containsExactly("java/lang/Runnable", "dev/baton/loaded/Aufgabe\u00e9");
    assertThat(header.declaresMethodNamed(Set.of("run", "rn", "r"))).isFalse();
    assertThat(header.declaresMethodNamed(Set.of("rün"))).isFalse();
  }

  @Test
  void aClassWithoutSuperclassHasNone() {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(Opcodes.V17, Opcodes.ACC_MODULE, "module-info", null, null, null);
    writer.visitEnd();

    ClassFileHeader header = new ClassFileHeader(writer.toByteArray());

    assertThat(header.superName()).isNull();
    assertThat(header.interfaces()).isEmpty();
    assertThat(header.declaresMethodNamed(ADVISED)).isFalse();
  }

  @Test
  void bytesThatAreNotAClassFileAreRefused() {
    assertThatThrownBy(() -> new ClassFileHeader(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a class file");
    byte[] unknownTag = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 2, 99};
    assertThatThrownBy(() -> new ClassFileHeader(unknownTag))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown constant pool tag 99 at 10");
  }

  @Test
  void aTruncatedClassFileFailsRatherThanAnsweringWrong() throws IOException {
    byte[] classFile;
    try (var in = Runnable.class.getResourceAsStream("/java/lang/Thread.class")) {
      classFile = in.readAllBytes();
    }
    byte[] truncated = Arrays.copyOf(classFile, classFile.length / 2);

    // A name Thread does not declare: every method is looked at, up to where the bytes end
    assertThatThrownBy(() -> new ClassFileHeader(truncated).declaresMethodNamed(Set.of("tryFire")))
        .isInstanceOf(ArrayIndexOutOfBoundsException.class);
  }

  /** ASM adds flags of its own above these, for attributes such as {@code Deprecated}. */
  private static final int CLASS_FILE_FLAGS = 0xFFFF;

  /** The fields and methods as ASM reads them, in order. */
  private static Members members(ClassReader reader) {
    Members members = new Members();
    reader.accept(
        new ClassVisitor(OpenedClassReader.ASM_API) {
          @Override
          public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            members.fields.add(new ClassShape.Member(access & CLASS_FILE_FLAGS, name, descriptor));
            return null;
          }

          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            members.methods.add(new ClassShape.Member(access & CLASS_FILE_FLAGS, name, descriptor));
            return null;
          }
        },
        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return members;
  }

  private static final class Members {
    final List<ClassShape.Member> fields = new ArrayList<>();
    final List<ClassShape.Member> methods = new ArrayList<>();
  }

  private static boolean declaresOneOf(ClassReader reader, Set<String> names) {
    Set<String> declared = new HashSet<>();
    reader.accept(
        new ClassVisitor(OpenedClassReader.ASM_API) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            declared.add(name);
            return null;
          }
        },
        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    declared.retainAll(names);
    return !declared.isEmpty();
  }
}

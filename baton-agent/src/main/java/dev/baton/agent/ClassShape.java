package dev.baton.agent;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * What the agent's matchers know of a class: its name, access, class file version, supertypes'
 * names and declared members, read from its class file ({@link ClassFileHeader}). Nothing is
 * resolved or loaded to make one; supertypes are looked up by {@link Hierarchy}, when a matcher
 * asks. Immutable.
 */
final class ClassShape {

  /** A field, method or constructor as its class file declares it. */
  record Member(int access, String name, String descriptor) {

    boolean isStatic() {
      return (access & Opcodes.ACC_STATIC) != 0;
    }

    boolean isAbstract() {
      return (access & Opcodes.ACC_ABSTRACT) != 0;
    }

    boolean isNative() {
      return (access & Opcodes.ACC_NATIVE) != 0;
    }

    boolean isConstructor() {
      return name.equals("<init>");
    }

    /** A method, neither a constructor nor a static initializer. */
    boolean isMethod() {
      return name.charAt(0) != '<';
    }
  }

  private final String name;
  private final String internalName;
  private final int access;
  private final int majorVersion;
  private final String superName;
  private final List<String> interfaces;
  private final List<Member> fields;
  private final List<Member> methods;

  private ClassShape(ClassFileHeader header) {
    internalName = header.name();
    name = internalName.replace('/', '.');
    access = header.access();
    majorVersion = header.majorVersion();
    String superInternal = header.superName();
    superName = superInternal == null ? null : superInternal.replace('/', '.');
    List<String> names = new ArrayList<>();
    for (String implemented : header.interfaces()) {
      names.add(implemented.replace('/', '.'));
    }
    interfaces = List.copyOf(names);
    fields = header.fields();
    methods = header.methods();
  }

  /**
   * The shape of the class {@code classFile} defines.
   *
   * @throws IllegalArgumentException when {@code classFile} is not a class file
   * @throws IndexOutOfBoundsException when it is truncated
   */
  static ClassShape of(byte[] classFile) {
    return new ClassShape(new ClassFileHeader(classFile));
  }

  /** The binary name: {@code java.util.concurrent.FutureTask}, {@code a.Outer$Inner}. */
  String name() {
    return name;
  }

  String internalName() {
    return internalName;
  }

  /** The superclass's binary name, or null for {@code java.lang.Object}, interfaces' aside. */
  String superName() {
    return superName;
  }

  /** The binary names of the interfaces the class implements directly. */
  List<String> interfaces() {
    return interfaces;
  }

  int majorVersion() {
    return majorVersion;
  }

  List<Member> fields() {
    return fields;
  }

  /** The methods and constructors the class declares, its static initializer among them. */
  List<Member> methods() {
    return methods;
  }

  boolean isInterface() {
    return (access & Opcodes.ACC_INTERFACE) != 0;
  }

  boolean isSynthetic() {
    return (access & Opcodes.ACC_SYNTHETIC) != 0;
  }

  boolean declaresField(String fieldName) {
    for (Member field : fields) {
      if (field.name().equals(fieldName)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return name;
  }
}

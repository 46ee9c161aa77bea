package dev.baton.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the agent reads of a class file: its superclass, its interfaces and the names of the
 * methods it declares, and for the few classes that get that far, its members ({@link
 * ClassShape}). Read from the bytes as they are, without parsing the rest: most classes an
 * application loads are decided from the names alone, and a full parse (every field, method and
 * attribute, each name decoded) was half of what the agent's filter cost.
 *
 * @see <a href="https://docs.oracle.com/javase/specs/jvms/se21/html/jvms-4.html">The class file
 *     format</a>
 */
final class ClassFileHeader {

  private static final int UTF8 = 1;
  private static final int INTEGER = 3;
  private static final int FLOAT = 4;
  private static final int LONG = 5;
  private static final int DOUBLE = 6;
  private static final int CLASS = 7;
  private static final int STRING = 8;
  private static final int FIELD_REF = 9;
  private static final int METHOD_REF = 10;
  private static final int INTERFACE_METHOD_REF = 11;
  private static final int NAME_AND_TYPE = 12;
  private static final int METHOD_HANDLE = 15;
  private static final int METHOD_TYPE = 16;
  private static final int DYNAMIC = 17;
  private static final int INVOKE_DYNAMIC = 18;
  private static final int MODULE = 19;
  private static final int PACKAGE = 20;

  private final byte[] bytes;

  /** Where each constant pool entry's content starts, past its tag; 0 for unusable slots. */
  private final int[] entries;

  /** Where the access flags start, after the constant pool. */
  private final int header;

  /**
   * Reads the constant pool's layout.
   *
   * @throws IllegalArgumentException when {@code classFile} is not a class file this reader knows
   */
  ClassFileHeader(byte[] classFile) {
    bytes = classFile;
    if (classFile.length < 10 || readInt(0) != 0xCAFEBABE) {
      throw new IllegalArgumentException("not a class file");
    }
    entries = new int[readShort(8)];
    int offset = 10;
    for (int index = 1; index < entries.length; index++) {
      entries[index] = offset + 1;
      int tag = bytes[offset];
      switch (tag) {
        case UTF8 -> offset += 3 + readShort(offset + 1);
        case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> offset += 3;
        case METHOD_HANDLE -> offset += 4;
        case INTEGER, FLOAT, FIELD_REF, METHOD_REF, INTERFACE_METHOD_REF, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC ->
            offset += 5;
        case LONG, DOUBLE -> {
          offset += 9;
          index++; // takes two slots
        }
        default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + offset);
      }
    }
    header = offset;
  }

  /** The class file's major version: 61 for Java 17. */
  int majorVersion() {
    return readShort(6);
  }

  /** The class's access flags, as {@code Opcodes.ACC_*}. */
  int access() {
    return readShort(header);
  }

  /** The class's internal name. */
  String name() {
    return className(readShort(header + 2));
  }

  /** The superclass's internal name, or null for {@code java.lang.Object} and modules. */
  String superName() {
    int index = readShort(header + 4);
    return index == 0 ? null : className(index);
  }

  /** The internal names of the interfaces the class implements directly. */
  String[] interfaces() {
    String[] names = new String[readShort(header + 6)];
    for (int i = 0; i < names.length; i++) {
      names[i] = className(readShort(header + 8 + 2 * i));
    }
    return names;
  }

  /** Whether the class declares a method or constructor named one of {@code names}, all ASCII. */
  boolean declaresMethodNamed(Set<String> names) {
    int offset = header + 8 + 2 * readShort(header + 6);
    offset = skipMembers(offset); // fields
    int methods = readShort(offset);
    offset += 2;
    for (int i = 0; i < methods; i++) {
      if (names.contains(asciiName(readShort(offset + 2)))) {
        return true;
      }
      offset = skipAttributes(offset + 6);
    }
    return false;
  }

  /** The fields the class declares, in the order of its class file. */
  List<ClassShape.Member> fields() {
    return members(header + 8 + 2 * readShort(header + 6));
  }

  /** The methods and constructors the class declares, in the order of its class file. */
  List<ClassShape.Member> methods() {
    return members(skipMembers(header + 8 + 2 * readShort(header + 6)));
  }

  private List<ClassShape.Member> members(int offset) {
    int count = readShort(offset);
    List<ClassShape.Member> members = new ArrayList<>(count);
    offset += 2;
    for (int i = 0; i < count; i++) {
      members.add(new ClassShape.Member(readShort(offset), utf8(readShort(offset + 2)), utf8(readShort(offset + 4))));
      offset = skipAttributes(offset + 6);
    }
    return List.copyOf(members);
  }

  private int skipMembers(int offset) {
    int members = readShort(offset);
    offset += 2;
    for (int i = 0; i < members; i++) {
      offset = skipAttributes(offset + 6);
    }
    return offset;
  }

  private int skipAttributes(int offset) {
    int attributes = readShort(offset);
    offset += 2;
    for (int i = 0; i < attributes; i++) {
      offset += 6 + readInt(offset + 2);
    }
    return offset;
  }

  /**
   * The UTF-8 constant at {@code index} when it is plain ASCII, which every name the agent looks
   * for is; the empty string otherwise, which none of them is.
   */
  private String asciiName(int index) {
    int offset = entries[index];
    int length = readShort(offset);
    for (int i = 0; i < length; i++) {
      if (bytes[offset + 2 + i] < 0) {
        return "";
      }
    }
    return new String(bytes, offset + 2, length, StandardCharsets.ISO_8859_1);
  }

  private String className(int classIndex) {
    return utf8(readShort(entries[classIndex]));
  }

  /** The constant at {@code index}, decoded from the class file's modified UTF-8. */
  private String utf8(int index) {
    int offset = entries[index];
    int end = offset + 2 + readShort(offset);
    StringBuilder decoded = new StringBuilder(end - offset - 2);
    for (int i = offset + 2; i < end; ) {
      int first = bytes[i++] & 0xFF;
      if (first < 0x80) {
        decoded.append((char) first);
      } else if (first < 0xE0) {
        decoded.append((char) (((first & 0x1F) << 6) | (bytes[i++] & 0x3F)));
      } else {
        decoded.append((char) (((first & 0x0F) << 12) | ((bytes[i++] & 0x3F) << 6) | (bytes[i++] & 0x3F)));
      }
    }
    return decoded.toString();
  }

  private int readShort(int offset) {
    return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
  }

  private int readInt(int offset) {
    return (readShort(offset) << 16) | readShort(offset + 2);
  }
}

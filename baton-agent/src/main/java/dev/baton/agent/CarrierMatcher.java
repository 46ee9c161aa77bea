package dev.baton.agent;

import dev.baton.internal.handoff.CarrierFields;
import java.lang.reflect.Field;

/**
 * Which classes get a field of their own for their tasks' contexts ({@link CarrierFieldInjector}).
 * A class being defined gets one when it is a task class ({@code tasks}), its superclass is not
 * known to have one already, it can be given members (not an interface, a class file of Java 7 or
 * later) and adding them changes no serialized form: a serializable class must declare its {@code
 * serialVersionUID}, which an added interface would otherwise change; lambdas are serialized
 * through a proxy and need none. A class being retransformed gets the field again exactly when it
 * got it at definition, as the JVM requires the same members.
 *
 * <p>A superclass is known to have the field when the agent gave it one (in the same loader) or,
 * loaded, it has it: a subclass defined after its superclass shares the superclass's field. One
 * defined before it (the JVM loads a superclass after reading its subclass's class file) gets its
 * own, which overrides the superclass's as the interface's methods do.
 */
final class CarrierMatcher extends TypeMatcher {

  private static final int JAVA_7 = 51;

  private final TypeMatcher tasks;
  private final String alsoNamed;

  /** For task classes, and the class named {@code alsoNamed}. */
  CarrierMatcher(TypeMatcher tasks, String alsoNamed) {
    this.tasks = tasks;
    this.alsoNamed = alsoNamed;
  }

  @Override
  boolean matches(ClassShape type, ClassLoader loader, Class<?> redefined) {
    if (redefined != null) {
      return declaresField(redefined);
    }
    boolean carrier =
        !type.isInterface()
            && type.majorVersion() >= JAVA_7
            && (type.name().equals(alsoNamed) || tasks.matches(type, loader, null))
            && !superclassCarries(type, loader)
            && (!serializable(type, loader) || type.declaresField("serialVersionUID") || type.name().contains("$$Lambda"));
    if (carrier) {
      // Its subclasses of the same loader, defined later, inherit the field rather than add theirs
      Hierarchy.carries(type.name(), loader);
    }
    return carrier;
  }

  private static boolean declaresField(Class<?> type) {
    for (Field field : type.getDeclaredFields()) {
      if (field.getName().equals(CarrierFields.FIELD)) {
        return true;
      }
    }
    return false;
  }

  /** Serializable, or with a supertype found nowhere, which may be. */
  private static boolean serializable(ClassShape type, ClassLoader loader) {
    return (Hierarchy.of(type, loader, null) & Hierarchy.bit(Hierarchy.SERIALIZABLE)) != 0;
  }

  private static boolean superclassCarries(ClassShape type, ClassLoader loader) {
    int bits = Hierarchy.ofSuperclass(type, loader);
    return bits != Hierarchy.UNKNOWN && (bits & Hierarchy.bit(Hierarchy.CARRIER)) != 0;
  }
}

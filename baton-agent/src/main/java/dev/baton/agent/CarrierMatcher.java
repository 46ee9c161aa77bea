package dev.baton.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.baton.internal.handoff.CarrierFields;
import dev.baton.internal.handoff.TaskCarrier;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

/**
 * Which classes get a field of their own for their tasks' contexts ({@link CarrierFieldInjector}).
 * A class being defined gets one when it is a task class ({@code tasks}), none of its superclasses
 * has one already, it can be given members (not an interface, a class file of Java 7 or later) and
 * adding them changes no serialized form: a serializable class must declare its {@code
 * serialVersionUID}, which an added interface would otherwise change; lambdas are serialized
 * through a proxy and need none. A class being retransformed gets the field again exactly when it
 * got it at definition, as the JVM requires the same members.
 */
final class CarrierMatcher implements AgentBuilder.RawMatcher {

  private static final int JAVA_7 = 51;

  private final AgentBuilder.RawMatcher tasks;
  private final String alsoNamed;

  /** For task classes, and the class named {@code alsoNamed}. */
  CarrierMatcher(AgentBuilder.RawMatcher tasks, String alsoNamed) {
    this.tasks = tasks;
    this.alsoNamed = alsoNamed;
  }

  @Override
  public boolean matches(
      TypeDescription type,
      ClassLoader classLoader,
      JavaModule module,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain) {
    if (classBeingRedefined != null) {
      return declaresField(classBeingRedefined);
    }
    return !type.isInterface()
        && type.getClassFileVersion() != null
        && type.getClassFileVersion().getMajorVersion() >= JAVA_7
        && (type.getName().equals(alsoNamed) || tasks.matches(type, classLoader, module, null, protectionDomain))
        && !superclassCarries(type)
        && (!type.isAssignableTo(Serializable.class)
            || !type.getDeclaredFields().filter(named("serialVersionUID")).isEmpty()
            || type.getName().contains("$$Lambda"));
  }

  private static boolean declaresField(Class<?> type) {
    for (Field field : type.getDeclaredFields()) {
      if (field.getName().equals(CarrierFields.FIELD)) {
        return true;
      }
    }
    return false;
  }

  private static boolean superclassCarries(TypeDescription type) {
    TypeDefinition superclass = type.getSuperClass();
    return superclass != null && superclass.asErasure().isAssignableTo(TaskCarrier.class);
  }
}

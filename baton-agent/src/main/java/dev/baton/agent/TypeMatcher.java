package dev.baton.agent;

import java.util.Set;

/**
 * Which classes a transformation applies to, decided from a class's {@link ClassShape}, its loader
 * and, when it is being retransformed, the loaded class. {@link NamedTypes} makes those that go by
 * name, {@link Hierarchy} those that go by supertype.
 */
abstract class TypeMatcher {

  /**
   * Whether this matches the class {@code type} of {@code loader} (null for the bootstrap loader);
   * {@code redefined} is the loaded class when it is being retransformed, null as it is defined.
   */
  abstract boolean matches(ClassShape type, ClassLoader loader, Class<?> redefined);

  /** Classes this and {@code other} both match. */
  TypeMatcher and(TypeMatcher other) {
    TypeMatcher first = this;
    return new TypeMatcher() {
      @Override
      boolean matches(ClassShape type, ClassLoader loader, Class<?> redefined) {
        return first.matches(type, loader, redefined) && other.matches(type, loader, redefined);
      }
    };
  }

  /** Classes this or {@code other} matches. */
  final TypeMatcher or(TypeMatcher other) {
    TypeMatcher first = this;
    return new TypeMatcher() {
      @Override
      boolean matches(ClassShape type, ClassLoader loader, Class<?> redefined) {
        return first.matches(type, loader, redefined) || other.matches(type, loader, redefined);
      }
    };
  }

  /** Classes {@code matcher} does not match. */
  static TypeMatcher not(TypeMatcher matcher) {
    return new TypeMatcher() {
      @Override
      boolean matches(ClassShape type, ClassLoader loader, Class<?> redefined) {
        return !matcher.matches(type, loader, redefined);
      }
    };
  }

  /** Classes named one of {@code names}. */
  static TypeMatcher namedOneOf(String... names) {
    Set<String> set = Set.of(names);
    return new TypeMatcher() {
      @Override
      boolean matches(ClassShape type, ClassLoader loader, Class<?> redefined) {
        return set.contains(type.name());
      }
    };
  }

  static TypeMatcher nameStartsWith(String prefix) {
    return new TypeMatcher() {
      @Override
      boolean matches(ClassShape type, ClassLoader loader, Class<?> redefined) {
        return type.name().startsWith(prefix);
      }
    };
  }

  static TypeMatcher nameEndsWith(String suffix) {
    return new TypeMatcher() {
      @Override
      boolean matches(ClassShape type, ClassLoader loader, Class<?> redefined) {
        return type.name().endsWith(suffix);
      }
    };
  }

  /** Classes, not interfaces. */
  static TypeMatcher concreteClass() {
    return new TypeMatcher() {
      @Override
      boolean matches(ClassShape type, ClassLoader loader, Class<?> redefined) {
        return !type.isInterface();
      }
    };
  }

  /** Classes declaring a method or constructor that {@code methods} matches. */
  static TypeMatcher declaresMethod(MethodMatcher methods) {
    return new TypeMatcher() {
      @Override
      boolean matches(ClassShape type, ClassLoader loader, Class<?> redefined) {
        for (ClassShape.Member method : type.methods()) {
          if (methods.matches(method)) {
            return true;
          }
        }
        return false;
      }
    };
  }
}

package dev.baton.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which of a class's declared methods and constructors a hook applies to, decided from the
 * member's name, access and descriptor alone: nothing is resolved or loaded. Named as ByteBuddy's
 * matchers, which the agent used to match with, for the same meaning.
 *
 * <pre>{@code
 * named("remove").and(takesArguments(Runnable.class)).and(returns(boolean.class))
 * }</pre>
 */
abstract class MethodMatcher {

  /** Whether this matches {@code method}. */
  abstract boolean matches(ClassShape.Member method);

  /** Methods this and {@code other} both match. */
  final MethodMatcher and(MethodMatcher other) {
    MethodMatcher first = this;
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        return first.matches(method) && other.matches(method);
      }
    };
  }

  /** Methods this or {@code other} matches. */
  final MethodMatcher or(MethodMatcher other) {
    MethodMatcher first = this;
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        return first.matches(method) || other.matches(method);
      }
    };
  }

  /** Methods {@code matcher} does not match. */
  static MethodMatcher not(MethodMatcher matcher) {
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        return !matcher.matches(method);
      }
    };
  }

  static MethodMatcher named(String name) {
    return namedOneOf(name);
  }

  static MethodMatcher namedOneOf(String... names) {
    Set<String> set = Set.of(names);
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        return set.contains(method.name());
      }
    };
  }

  static MethodMatcher nameStartsWith(String prefix) {
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        return method.name().startsWith(prefix);
      }
    };
  }

  /** Methods, neither constructors nor static initializers. */
  static MethodMatcher isMethod() {
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        return method.isMethod();
      }
    };
  }

  static MethodMatcher isConstructor() {
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        return method.isConstructor();
      }
    };
  }

  static MethodMatcher isStatic() {
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        return method.isStatic();
      }
    };
  }

  static MethodMatcher isAbstract() {
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        return method.isAbstract();
      }
    };
  }

  /** Methods of {@code count} parameters. */
  static MethodMatcher takesArguments(int count) {
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        return parameters(method.descriptor()).size() == count;
      }
    };
  }

  /** Methods whose parameters are exactly {@code types}, in order. */
  static MethodMatcher takesArguments(Class<?>... types) {
    List<String> expected = new ArrayList<>();
    for (Class<?> type : types) {
      expected.add(type.descriptorString());
    }
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        return parameters(method.descriptor()).equals(expected);
      }
    };
  }

  /** Methods whose parameter {@code index} (from 0) is of type {@code type}. */
  static MethodMatcher takesArgument(int index, Class<?> type) {
    return takesArgumentDescribed(index, type.descriptorString());
  }

  /** Methods whose parameter {@code index} (from 0) is of the class named {@code className}. */
  static MethodMatcher takesArgument(int index, String className) {
    return takesArgumentDescribed(index, "L" + className.replace('.', '/') + ";");
  }

  private static MethodMatcher takesArgumentDescribed(int index, String descriptor) {
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        List<String> parameters = parameters(method.descriptor());
        return index < parameters.size() && parameters.get(index).equals(descriptor);
      }
    };
  }

  /** Methods returning {@code type}, {@code void.class} included. */
  static MethodMatcher returns(Class<?> type) {
    String descriptor = type.descriptorString();
    return new MethodMatcher() {
      @Override
      boolean matches(ClassShape.Member method) {
        String methodDescriptor = method.descriptor();
        return methodDescriptor.regionMatches(
            methodDescriptor.length() - descriptor.length(), descriptor, 0, descriptor.length())
            && methodDescriptor.charAt(methodDescriptor.length() - descriptor.length() - 1) == ')';
      }
    };
  }

  /** The descriptors of the parameters in a method descriptor: {@code (ILjava/lang/Runnable;)V} gives {@code I} and {@code Ljava/lang/Runnable;}. */
  static List<String> parameters(String methodDescriptor) {
    List<String> parameters = new ArrayList<>(4);
    int index = 1;
    while (methodDescriptor.charAt(index) != ')') {
      int start = index;
      while (methodDescriptor.charAt(index) == '[') {
        index++;
      }
      if (methodDescriptor.charAt(index) == 'L') {
        index = methodDescriptor.indexOf(';', index);
      }
      index++;
      parameters.add(methodDescriptor.substring(start, index));
    }
    return parameters;
  }
}

package dev.baton.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Type matchers by name that remember the names they were made with, so that {@link
 * RelevantClasses} knows, from a class's name alone, that an instrumentation names it: the list
 * is the instrumentations' own, never a copy to keep in step.
 */
final class NamedTypes {

  private static final Set<String> EXACT = ConcurrentHashMap.newKeySet();
  private static final Set<String> SUFFIXES = ConcurrentHashMap.newKeySet();
  private static final Set<String> PREFIXES = ConcurrentHashMap.newKeySet();

  private NamedTypes() {}

  /** The class named {@code name}. */
  static ElementMatcher.Junction<TypeDescription> named(String name) {
    EXACT.add(name);
    return ElementMatchers.named(name);
  }

  /** Classes whose name ends with {@code suffix}: a library's class and its copies shaded elsewhere. */
  static ElementMatcher.Junction<TypeDescription> nameEndsWith(String suffix) {
    SUFFIXES.add(suffix);
    return ElementMatchers.nameEndsWith(suffix);
  }

  /** Classes whose name starts with {@code prefix}. */
  static ElementMatcher.Junction<TypeDescription> nameStartsWith(String prefix) {
    PREFIXES.add(prefix);
    return ElementMatchers.nameStartsWith(prefix);
  }

  /** Whether a matcher made here names the class {@code name}. */
  static boolean mentions(String name) {
    if (EXACT.contains(name)) {
      return true;
    }
    for (String suffix : SUFFIXES) {
      if (name.endsWith(suffix)) {
        return true;
      }
    }
    for (String prefix : PREFIXES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}

package dev.baton.agent;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Type matchers by name that remember the names they were made with, so that {@link
 * RelevantClasses} knows, from a class's name alone, that an instrumentation names it: the list
 * is the instrumentations' own, never a copy to keep in step.
 */
final class NamedTypes {

  // Replaced, never changed, as matchers are made; read for every class defined, with nothing of
  // java.util.concurrent (see Hierarchy)
  private static volatile Set<String> exact = Set.of();
  private static volatile String[] suffixes = {};
  private static volatile String[] prefixes = {};

  private NamedTypes() {}

  /** The class named {@code name}. */
  static synchronized TypeMatcher named(String name) {
    Set<String> more = new HashSet<>(exact);
    more.add(name);
    exact = Set.copyOf(more);
    return TypeMatcher.namedOneOf(name);
  }

  /** Classes whose name ends with {@code suffix}: a library's class and its copies shaded elsewhere. */
  static synchronized TypeMatcher nameEndsWith(String suffix) {
    suffixes = with(suffixes, suffix);
    return TypeMatcher.nameEndsWith(suffix);
  }

  /** Classes whose name starts with {@code prefix}. */
  static synchronized TypeMatcher nameStartsWith(String prefix) {
    prefixes = with(prefixes, prefix);
    return TypeMatcher.nameStartsWith(prefix);
  }

  private static String[] with(String[] names, String name) {
    String[] more = Arrays.copyOf(names, names.length + 1);
    more[names.length] = name;
    return more;
  }

  /** Whether a matcher made here names the class {@code name}. */
  static boolean mentions(String name) {
    if (exact.contains(name)) {
      return true;
    }
    for (String suffix : suffixes) {
      if (name.endsWith(suffix)) {
        return true;
      }
    }
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}

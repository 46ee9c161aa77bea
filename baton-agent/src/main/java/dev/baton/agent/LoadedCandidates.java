package dev.baton.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Retransforms the classes loaded before the agent that it may instrument: those {@link
 * RelevantClasses} would let through had they been loaded after it, decided by name and, by
 * reflection, by supertypes, and among them those a transformation applies to. Describing and
 * matching every loaded class would cost over a thousand of the JDK's at start-up, none of which
 * but a few dozen can match.
 *
 * <p>Discovery runs in rounds: retransforming makes the JDK load more of its own classes, and
 * those loaded while the transformer is busy (it does not transform a class it loads on the way)
 * are found in the next round, until a round finds no class loaded since the one before. A class
 * the transformer did see as it was defined is not offered again: it is as the agent wants it
 * already. The transformer tells which classes those are ({@link #defined}), until the
 * retransformation ends. A batch the JVM refuses is split and retried, so that one class it cannot
 * retransform never keeps the others from being instrumented.
 */
final class LoadedCandidates {

  // Added to as classes are defined: nothing of java.util.concurrent (see Hierarchy)
  private final Set<Defined> definedMeanwhile = Collections.synchronizedSet(new HashSet<>());
  private volatile boolean installing = true;

  /** The transformer saw the class {@code name} of {@code loader} being defined. */
  void defined(String name, ClassLoader loader) {
    if (installing) {
      definedMeanwhile.add(new Defined(name, loader));
    }
  }

  /**
   * Retransforms, round by round, the classes loaded before {@code transformer} was added that it
   * applies to; those the JVM refuses go to {@code listener}. Classes defined from then on are no
   * longer noted.
   */
  void retransform(Instrumentation instrumentation, AgentTransformer transformer, RetransformationListener listener) {
    Rounds rounds = new Rounds(instrumentation, definedMeanwhile);
    while (rounds.hasNext()) {
      List<Class<?>> matching = new ArrayList<>();
      for (Class<?> type : rounds.next()) {
        if (transformer.appliesTo(type)) {
          matching.add(type);
        }
      }
      if (!matching.isEmpty()) {
        Map<List<Class<?>>, Throwable> failures = new LinkedHashMap<>();
        retransform(instrumentation, matching, failures);
        listener.onComplete(failures);
      }
    }
    installing = false;
    definedMeanwhile.clear();
  }

  private static void retransform(
      Instrumentation instrumentation, List<Class<?>> batch, Map<List<Class<?>>, Throwable> failures) {
    try {
      instrumentation.retransformClasses(batch.toArray(new Class<?>[0]));
    } catch (Exception | LinkageError refused) {
      // UnmodifiableClassException, or what the JVM found wrong with a class as transformed
      if (batch.size() == 1) {
        failures.put(batch, refused);
      } else {
        int half = batch.size() / 2;
        retransform(instrumentation, batch.subList(0, half), failures);
        retransform(instrumentation, batch.subList(half, batch.size()), failures);
      }
    }
  }

  /** Whether a class loaded before the agent may be one an instrumentation applies to. */
  static boolean isCandidate(Class<?> type) {
    try {
      String name = type.getName();
      RelevantClasses.ByName byName = RelevantClasses.ByName.of(name);
      if (byName != RelevantClasses.ByName.BY_SUPERTYPES) {
        return byName == RelevantClasses.ByName.NAMED;
      }
      return !RelevantClasses.isBatonItself(name, type.getClassLoader()) && Hierarchy.matchesAny(Hierarchy.ofLoaded(type));
    } catch (RuntimeException | LinkageError unreadable) {
      return true; // the transformer decides, and reports what it cannot read
    }
  }

  /**
   * A class the transformer saw as it was defined: its loader is compared by identity. Not a
   * record, whose methods the JVM links on their first call, as the transformer runs.
   */
  private static final class Defined {
    private final String name;
    private final ClassLoader loader;

    Defined(String name, ClassLoader loader) {
      this.name = name;
      this.loader = loader;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Defined && ((Defined) other).name.equals(name) && ((Defined) other).loader == loader;
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + System.identityHashCode(loader);
    }
  }

  /**
   * Each round, the candidates among the classes loaded since the round before, but those the
   * transformer saw being defined.
   */
  private static final class Rounds implements Iterator<Iterable<Class<?>>> {
    private final Instrumentation instrumentation;
    private final Set<Defined> definedMeanwhile;
    private final Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private List<Class<?>> next;

    Rounds(Instrumentation instrumentation, Set<Defined> definedMeanwhile) {
      this.instrumentation = instrumentation;
      this.definedMeanwhile = definedMeanwhile;
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        next = nextRound();
      }
      return next != null;
    }

    @Override
    public Iterable<Class<?>> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      List<Class<?>> round = next;
      next = null;
      return round;
    }

    /** The candidates loaded since the last round, or null when no class at all was. */
    private List<Class<?>> nextRound() {
      boolean anyLoaded = false;
      List<Class<?>> candidates = new ArrayList<>();
      for (Class<?> type : instrumentation.getAllLoadedClasses()) {
        if (seen.add(type)) {
          anyLoaded = true;
          if (isCandidate(type) && !definedMeanwhile.contains(new Defined(type.getName(), type.getClassLoader()))) {
            candidates.add(type);
          }
        }
      }
      return anyLoaded ? candidates : null;
    }
  }
}

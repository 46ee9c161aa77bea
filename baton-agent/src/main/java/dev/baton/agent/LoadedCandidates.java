package dev.baton.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/**
 * The classes loaded before the agent that it offers to ByteBuddy for retransformation: those
 * {@link RelevantClasses} would let through had they been loaded after it, decided by name and, by
 * reflection, by supertypes. ByteBuddy's own discovery describes and matches every loaded class,
 * over a thousand of the JDK's at start-up, none of which but a few dozen can match.
 *
 * <p>Discovery runs in rounds, as ByteBuddy's {@code Reiterating} does: retransforming makes the
 * JDK load more of its own classes, and those loaded while ByteBuddy's transformer is busy (it
 * does not transform a class it is loading on the way) are found in the next round, until a
 * round finds no class loaded since the one before. A class the transformer did see as it was
 * defined is not offered again: it is as the agent wants it already. As a listener, this learns
 * which classes those are, until {@link #installed()}.
 */
final class LoadedCandidates extends AgentBuilder.Listener.Adapter
    implements AgentBuilder.RedefinitionStrategy.DiscoveryStrategy {

  private final Set<Defined> definedMeanwhile = ConcurrentHashMap.newKeySet();
  private volatile boolean installing = true;

  @Override
  public Iterable<Iterable<Class<?>>> resolve(Instrumentation instrumentation) {
    return () -> new Rounds(instrumentation, definedMeanwhile);
  }

  @Override
  public void onComplete(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded) {
    if (installing && !loaded) {
      definedMeanwhile.add(new Defined(typeName, classLoader));
    }
  }

  /** The agent is installed: classes defined from now on are no longer noted. */
  void installed() {
    installing = false;
    definedMeanwhile.clear();
  }

  /** Whether a class loaded before the agent may be one an instrumentation applies to. */
  static boolean isCandidate(Class<?> type) {
    try {
      String name = type.getName();
      RelevantClasses.ByName byName = RelevantClasses.ByName.of(name);
      if (byName != RelevantClasses.ByName.BY_SUPERTYPES) {
        return byName == RelevantClasses.ByName.NAMED;
      }
      // Baton itself, on the bootstrap class path: applications in dev.baton.* are instrumented
      return !(name.startsWith("dev.baton.") && type.getClassLoader() == null) && Hierarchy.ofLoaded(type) != 0;
    } catch (RuntimeException | LinkageError unreadable) {
      return true; // ByteBuddy decides, and reports what it cannot read
    }
  }

  /** A class the transformer saw as it was defined: its loader is compared by identity. */
  private record Defined(String name, ClassLoader loader) {}

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

package dev.baton.internal;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * Lincheck's two checks with the scenario shape that finds races in these small state machines:
 * few calls before and after (most of them would otherwise empty or close the state first), two
 * threads racing on two or three calls each.
 */
public final class Linearizability {

  private Linearizability() {}

  /** Explores interleavings of the calls, switching threads at every shared read and write. */
  public static void checkInterleavings(Class<?> test) {
    new ModelCheckingOptions()
        .actorsBefore(1)
        .threads(2)
        .actorsPerThread(2)
        .actorsAfter(1)
        .iterations(30)
        .invocationsPerIteration(500)
        .check(test);
  }

  /** Runs the calls on real threads, many times over. */
  public static void checkOnThreads(Class<?> test) {
    new StressOptions()
        .actorsBefore(1)
        .threads(2)
        .actorsPerThread(3)
        .actorsAfter(1)
        .iterations(30)
        .invocationsPerIteration(1_000)
        .check(test);
  }
}

package dev.baton.internal.state;

import dev.baton.internal.Linearizability;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * The weak table, read without a lock while other threads write, compare-and-set and grow it,
 * behaves as if each call happened alone at one instant.
 */
@Param(name = "key", gen = IntGen.class, conf = "6:11")
@Param(name = "value", gen = IntGen.class, conf = "0:2")
public abstract class WeakIdentityTableLinearizabilityTest {

  private static final int STRIPES = 64;
  private static final Object[] KEYS = keysOfOneStripe(12);
  private static final String[] VALUES = {null, "x", "y"};

  private final WeakIdentityTable table = new WeakIdentityTable();

  WeakIdentityTableLinearizabilityTest(int entries) {
    for (int i = 0; i < entries; i++) {
      table.put(KEYS[i], "x");
    }
  }

  @Test
  void callsRacingOnRealThreadsAreLinearizable() {
    Linearizability.checkOnThreads(getClass());
  }

  /** Calls on an empty table, in every interleaving and on real threads. */
  public static final class FromEmptyTest extends WeakIdentityTableLinearizabilityTest {
    public FromEmptyTest() {
      super(0);
    }

    @Test
    void everyInterleavingOfAFewCallsIsLinearizable() {
      Linearizability.checkInterleavings(getClass());
    }
  }

  /**
   * Every key falls in one lock stripe, which starts full: the first new key grows its table while
   * other calls read and unlink entries. On real threads only: the model checker gives objects
   * identity hashes of its own, so the stripe chosen here would not be theirs.
   */
  public static final class FromAFullStripeTest extends WeakIdentityTableLinearizabilityTest {
    public FromAFullStripeTest() {
      super(8);
    }
  }

  /** Keys whose identity hashes, spread as the table spreads them, pick the same stripe. */
  private static Object[] keysOfOneStripe(int count) {
    List<Object> keys = new ArrayList<>();
    while (keys.size() < count) {
      Object key = new Object();
      int h = System.identityHashCode(key);
      if (((h ^ (h >>> 16)) & (STRIPES - 1)) == 0) {
        keys.add(key);
      }
    }
    return keys.toArray();
  }

  @Operation
  public Object get(@Param(name = "key") int key) {
    return table.get(KEYS[key]);
  }

  @Operation
  public void put(@Param(name = "key") int key, @Param(name = "value") int value) {
    table.put(KEYS[key], value == 0 ? "x" : VALUES[value]);
  }

  @Operation
  public boolean putIfAbsent(@Param(name = "key") int key, @Param(name = "value") int value) {
    return table.putIfAbsent(KEYS[key], value == 0 ? "x" : VALUES[value]);
  }

  @Operation
  public boolean compareAndSet(
      @Param(name = "key") int key,
      @Param(name = "value") int expected,
      @Param(name = "value") int replacement) {
    return table.compareAndSet(KEYS[key], VALUES[expected], VALUES[replacement]);
  }

  @Operation
  public Object remove(@Param(name = "key") int key) {
    return table.remove(KEYS[key]);
  }

  /** The count of entries, a sum over the stripes that no call reads atomically, adds up after. */
  @Validate
  public void theSizeCountsTheEntries() {
    int entries = 0;
    for (Object key : KEYS) {
      entries += table.get(key) == null ? 0 : 1;
    }
    if (table.size() != entries) {
      throw new IllegalStateException(table.size() + " counted for " + entries + " entries");
    }
  }
}

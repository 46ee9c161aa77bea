package dev.baton.internal.handoff;

import dev.baton.internal.Linearizability;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * The pending runs of one object, added to, taken from and drained by several threads at once,
 * behave as if each call happened alone at one instant: no run lost or given twice, and the order
 * of submissions kept. It starts as a count of one context, so both the lock-free count and its
 * change into a queue are raced.
 */
@Param(name = "context", gen = IntGen.class, conf = "0:2")
public class PendingRunsLinearizabilityTest {

  private static final Object[][] CONTEXTS = {{"a"}, {"b"}, {"c"}};

  private final PendingRuns pending = new PendingRuns(CONTEXTS[0], CONTEXTS[0]);

  @Operation
  public boolean add(@Param(name = "context") int context) {
    return pending.add(CONTEXTS[context]);
  }

  @Operation
  public String take() {
    return name(pending.take());
  }

  @Operation
  public String removeNewest(@Param(name = "context") int context) {
    return name(pending.removeNewest(CONTEXTS[context], null));
  }

  @Operation
  public String removeNewestOfFrame(@Param(name = "context") int context) {
    return name(pending.removeNewest(null, CONTEXTS[context]));
  }

  @Operation
  public List<String> drain() {
    List<String> names = new ArrayList<>();
    for (Object context : pending.drain()) {
      names.add(name(context));
    }
    return names;
  }

  @Operation
  public boolean isClosed() {
    return pending.isClosed();
  }

  private static String name(Object context) {
    return context == null ? null : (String) ((Object[]) context)[0];
  }

  @Test
  void everyInterleavingOfAFewCallsIsLinearizable() {
    Linearizability.checkInterleavings(getClass());
  }

  @Test
  void callsRacingOnRealThreadsAreLinearizable() {
    Linearizability.checkOnThreads(getClass());
  }
}

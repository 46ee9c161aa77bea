package dev.baton.internal.handoff;

import dev.baton.internal.Linearizability;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * What is attached to one task object, changed by several threads at once (the same lambda
 * submitted from two requests, its run, a cancellation, an executor's relay), behaves as if each
 * change happened alone at one instant: no submission's context lost, entered twice or entered by
 * another's run, whether it lives in the field the agent adds to task classes or in the weak table
 * for objects of other classes.
 */
@Param(name = "context", gen = IntGen.class, conf = "0:1")
public abstract class AttachmentsLinearizabilityTest {

  private static final Object[][] CONTEXTS = {{"a"}, {"b"}};

  private final Object task;

  AttachmentsLinearizabilityTest(Object task) {
    this.task = task;
  }

  @Test
  void everyInterleavingOfAFewCallsIsLinearizable() {
    Linearizability.checkInterleavings(getClass());
  }

  @Test
  void callsRacingOnRealThreadsAreLinearizable() {
    Linearizability.checkOnThreads(getClass());
  }

  /** A task of a class the agent added the attachment field to. */
  public static final class OnCarrierTest extends AttachmentsLinearizabilityTest {
    public OnCarrierTest() {
      super(new Carrier());
    }
  }

  /** A task of a class that could not be given the field: its attachment is in the weak table. */
  public static final class InWeakTableTest extends AttachmentsLinearizabilityTest {
    public InWeakTableTest() {
      super(new Object());
    }
  }

  private static final class Carrier implements TaskCarrier {
    private final AtomicReference<Object> attachment = new AtomicReference<>();

    @Override
    public Object $baton$attachment() {
      return attachment.get();
    }

    @Override
    public boolean $baton$compareAndSet(Object expected, Object replacement) {
      return attachment.compareAndSet(expected, replacement);
    }
  }

  @Operation
  public boolean addOnce(@Param(name = "context") int context) {
    return Attachments.addOnce(task, CONTEXTS[context]);
  }

  @Operation
  public boolean addRepeating(@Param(name = "context") int context) {
    return Attachments.addRepeating(task, CONTEXTS[context]);
  }

  @Operation
  public void addRelay(@Param(name = "context") int context) {
    Attachments.addRelay(task, CONTEXTS[context], null);
  }

  @Operation
  public void removeRelay(@Param(name = "context") int context) {
    Attachments.removeRelay(task, CONTEXTS[context]);
  }

  @Operation
  public String take() {
    return describe(Attachments.take(task));
  }

  @Operation
  public String remove(@Param(name = "context") int context) {
    return describe(Attachments.remove(task, CONTEXTS[context]));
  }

  @Operation
  public String removeMade(@Param(name = "context") int context) {
    return describe(Attachments.removeMade(task, CONTEXTS[context]));
  }

  @Operation
  public String removeOldest() {
    return describe(Attachments.removeOldest(task));
  }

  @Operation
  public String clear() {
    return describe(Attachments.clear(task));
  }

  /** A value that compares equal across runs, as Lincheck compares results. */
  private static String describe(Object attachment) {
    if (attachment == null) {
      return null;
    }
    if (attachment instanceof Attachments.Repeating) {
      return "repeating " + describe(((Attachments.Repeating) attachment).captured);
    }
    if (attachment instanceof Attachments.Relay) {
      return "relay " + describe(((Attachments.Relay) attachment).frame);
    }
    if (attachment instanceof List) {
      List<String> all = new ArrayList<>();
      for (Object captured : (List<?>) attachment) {
        all.add(describe(captured));
      }
      return all.toString();
    }
    return (String) ((Object[]) attachment)[0];
  }
}

package dev.baton.internal.handoff;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Called from the members the agent adds to each {@link TaskCarrier} class: its static initializer
 * makes the handle with the class's own lookup, so that the field is updated through a constant
 * {@code VarHandle} without opening any module. Kept apart from {@link Attachments} so that
 * initializing a task class never initializes more of Baton than this.
 *
 * <p>The task class holds the handle as an {@code Object} and never names {@code VarHandle}: its
 * class loader resolves every name in it, and some loaders refuse that one (Guava's tests load
 * its futures in loaders that do, to test its fallbacks).
 */
public final class CarrierFields {

  /** The name of the field the agent adds. */
  public static final String FIELD = "$baton$attachment";

  private CarrierFields() {}

  /**
   * The handle on the field of {@code lookup}'s class, or null if it cannot be made: a task class
   * whose static initializer failed here could not be used at all, while without a handle only
   * the context handed to its instances is lost, and reported.
   */
  public static Object handle(MethodHandles.Lookup lookup) {
    try {
      return lookup.findVarHandle(lookup.lookupClass(), FIELD, Object.class);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError unreachable) {
      return null;
    }
  }

  /**
   * Atomically sets the field of {@code carrier} to {@code replacement} if it holds {@code
   * expected}.
   *
   * @throws IllegalStateException if the carrier's class got no handle
   */
  public static boolean compareAndSet(Object handle, Object carrier, Object expected, Object replacement) {
    if (handle == null) {
      throw new IllegalStateException(
          "Baton's agent added " + FIELD + " to " + carrier.getClass().getName() + " but cannot reach it");
    }
    return ((VarHandle) handle).compareAndSet(carrier, expected, replacement);
  }
}

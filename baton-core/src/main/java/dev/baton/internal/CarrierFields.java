package dev.baton.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Called from the static initializer the agent adds to each {@link TaskCarrier} class, with the
 * class's own lookup, so that the field is updated through a constant {@code VarHandle} without
 * opening any module. Kept apart from {@link Attachments} so that initializing a task class never
 * initializes more of Baton than this.
 */
public final class CarrierFields {

  /** The name of the field the agent adds. */
  public static final String FIELD = "$baton$attachment";

  private CarrierFields() {}

  /** The handle on the field of {@code lookup}'s class. */
  public static VarHandle handle(MethodHandles.Lookup lookup) {
    try {
      return lookup.findVarHandle(lookup.lookupClass(), FIELD, Object.class);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Baton's agent added " + FIELD + " to " + lookup.lookupClass().getName() + " but cannot reach it", e);
    }
  }
}

package dev.baton.internal.handoff;

/**
 * A task class with a field of its own for the context handed over with its instances: the agent
 * adds the field, this interface and its two methods to task classes as they load. Instances of
 * other classes (loaded before the agent, or serializable without a {@code serialVersionUID} of
 * their own) keep theirs in a weak identity table instead; see {@link Attachments}.
 *
 * <p>The names cannot clash with a class's own members.
 */
public interface TaskCarrier {

  /** The field's current value. */
  Object $baton$attachment();

  /** Atomically sets the field to {@code replacement} if it holds {@code expected}. */
  boolean $baton$compareAndSet(Object expected, Object replacement);
}

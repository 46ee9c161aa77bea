package dev.baton.internal.tasks;

import dev.baton.AsyncResource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The async resource a propagated task, thread or stage becomes while a hook is enabled: {@code
 * init} at hand-over, {@code before}/{@code after} around each run, {@code destroy} after the run
 * of a one-shot task, or after collection for a periodic one or one that never ran.
 */
final class TaskResource extends AsyncResource {

  private static final VarHandle DESTROYED;

  static {
    try {
      DESTROYED =
          MethodHandles.lookup().findVarHandle(TaskResource.class, "destroyed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The submitter's context; the same array {@link AsyncResource} captured. */
  final Object[] frame;

  /** Whether the task runs once, so that its run ends its life. */
  final boolean once;

  @SuppressWarnings("unused") // accessed through DESTROYED
  private volatile boolean destroyed;

  TaskResource(String type, Object[] frame, boolean once) {
    super(type);
    this.frame = frame;
    this.once = once;
  }

  /** Destroys the resource unless that was done already: a one-shot task may still run twice. */
  void destroyOnce() {
    if (DESTROYED.compareAndSet(this, false, true)) {
      emitDestroy();
    }
  }
}

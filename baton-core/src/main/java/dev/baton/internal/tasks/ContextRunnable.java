package dev.baton.internal.tasks;

import dev.baton.internal.diagnostics.Traces;

/** A task that runs in the context it was handed over in, then restores its thread's context. */
public final class ContextRunnable implements Runnable {

  private final Object captured;
  private final Runnable task;

  /** Binds {@code task} to {@code captured}, a frame or a value of {@link TaskContexts}. */
  public ContextRunnable(Object captured, Runnable task) {
    this.captured = captured;
    this.task = task;
  }

  @Override
  public void run() {
    Object saved = TaskContexts.enter(captured);
    try {
      task.run();
    } catch (Throwable escaping) {
      Traces.onEscape(escaping);
      throw escaping;
    } finally {
      TaskContexts.exit(saved);
    }
  }

  /** The task as it was submitted. */
  public Runnable task() {
    return task;
  }

  @Override
  public String toString() {
    return task.toString();
  }
}

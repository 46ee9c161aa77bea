package dev.baton.internal;

/** A task that runs in the context it was created with, then restores its thread's context. */
public final class ContextRunnable implements Runnable {

  private final Object[] context;
  private final Runnable task;

  /** Binds {@code task} to {@code context}. */
  public ContextRunnable(Object[] context, Runnable task) {
    this.context = context;
    this.task = task;
  }

  @Override
  public void run() {
    ThreadState.current().run(context, task);
  }

  @Override
  public String toString() {
    return task.toString();
  }
}

package dev.baton.internal;

import java.util.concurrent.Callable;

/** A callable that runs in the context it was created with, then restores its thread's context. */
public final class ContextCallable<V> implements Callable<V> {

  private final Object[] context;
  private final Callable<V> task;

  /** Binds {@code task} to {@code context}. */
  public ContextCallable(Object[] context, Callable<V> task) {
    this.context = context;
    this.task = task;
  }

  @Override
  public V call() throws Exception {
    return ThreadState.current().call(context, task::call);
  }

  @Override
  public String toString() {
    return task.toString();
  }
}

package dev.baton.internal.tasks;

import dev.baton.internal.diagnostics.Traces;
import java.util.concurrent.Callable;

/** A callable that runs in the context it was handed over in, then restores its thread's context. */
public final class ContextCallable<V> implements Callable<V> {

  private final Object captured;
  private final Callable<V> task;

  /** Binds {@code task} to {@code captured}, a frame or a value of {@link TaskContexts}. */
  public ContextCallable(Object captured, Callable<V> task) {
    this.captured = captured;
    this.task = task;
  }

  @Override
  public V call() throws Exception {
    Object saved = TaskContexts.enter(captured);
    try {
      return task.call();
    } catch (Throwable escaping) {
      Traces.onEscape(escaping);
      throw escaping;
    } finally {
      TaskContexts.exit(saved);
    }
  }

  @Override
  public String toString() {
    return task.toString();
  }
}

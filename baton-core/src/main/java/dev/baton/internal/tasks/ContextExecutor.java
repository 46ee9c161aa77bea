package dev.baton.internal.tasks;

import java.util.Objects;
import java.util.concurrent.Executor;

/** An executor that runs each task in the context of the code that submitted it. */
public class ContextExecutor implements Executor {

  private final Executor delegate;

  /** Propagates the submitter's context to the tasks {@code delegate} runs. */
  public ContextExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable command) {
    delegate.execute(capture(command, "command"));
  }

  /** The task, bound to the current context. */
  static Runnable capture(Runnable task, String argument) {
    return capture(task, argument, TaskContexts.capture(TaskContexts.TASK));
  }

  /** The task, bound to {@code captured}. */
  static Runnable capture(Runnable task, String argument, Object captured) {
    return new ContextRunnable(captured, Objects.requireNonNull(task, argument));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}

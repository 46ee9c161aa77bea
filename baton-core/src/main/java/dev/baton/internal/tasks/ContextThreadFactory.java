package dev.baton.internal.tasks;

import java.util.concurrent.ThreadFactory;

/** A thread factory whose threads run in the context of the code that asked for them. */
public final class ContextThreadFactory implements ThreadFactory {

  private final ThreadFactory delegate;

  /** Propagates the context of each {@code newThread} call to the thread it creates. */
  public ContextThreadFactory(ThreadFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public Thread newThread(Runnable task) {
    return delegate.newThread(
        ContextExecutor.capture(task, "task", TaskContexts.capture(TaskContexts.THREAD)));
  }

  @Override
  public String toString() {
    return "ContextThreadFactory[" + delegate + "]";
  }
}

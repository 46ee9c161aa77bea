package dev.baton.internal.tasks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An executor service whose every submission runs in the context of the code that submitted it.
 * Life-cycle methods are forwarded unchanged.
 */
public class ContextExecutorService extends ContextExecutor implements ExecutorService {

  private final ExecutorService delegate;

  /** Propagates the submitter's context to the tasks {@code delegate} runs. */
  public ContextExecutorService(ExecutorService delegate) {
    super(delegate);
    this.delegate = delegate;
  }

  /** The callable, bound to the current context. */
  static <T> Callable<T> capture(Callable<T> task, String argument) {
    Objects.requireNonNull(task, argument);
    return new ContextCallable<>(TaskContexts.capture(TaskContexts.TASK), task);
  }

  private static <T> List<Callable<T>> captureAll(Collection<? extends Callable<T>> tasks) {
    Objects.requireNonNull(tasks, "tasks");
    List<Callable<T>> bound = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      bound.add(capture(task, "a task in tasks"));
    }
    return bound;
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return delegate.submit(capture(task, "task"));
  }

  @Override
  public Future<?> submit(Runnable task) {
    return delegate.submit(capture(task, "task"));
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return delegate.submit(capture(task, "task"), result);
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    return delegate.invokeAll(captureAll(tasks));
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return delegate.invokeAll(captureAll(tasks), timeout, unit);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    return delegate.invokeAny(captureAll(tasks));
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return delegate.invokeAny(captureAll(tasks), timeout, unit);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  /**
   * Shuts the delegate down and returns the tasks that never started as they were submitted: the
   * executor gives them back, and whoever runs them now runs them in their own context.
   */
  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> pending = delegate.shutdownNow();
    List<Runnable> submitted = new ArrayList<>(pending.size());
    for (Runnable task : pending) {
      submitted.add(task instanceof ContextRunnable ? ((ContextRunnable) task).task() : task);
    }
    return submitted;
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }
}

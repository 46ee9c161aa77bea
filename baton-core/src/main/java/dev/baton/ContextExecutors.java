package dev.baton;

import dev.baton.internal.handoff.AgentSettings;
import dev.baton.internal.tasks.ContextExecutor;
import dev.baton.internal.tasks.ContextExecutorService;
import dev.baton.internal.tasks.ContextScheduledExecutorService;
import dev.baton.internal.tasks.ContextThreadFactory;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Context propagation without the agent: executors that run each task in the context of the code
 * that submitted it.
 *
 * <pre>{@code
 * ExecutorService pool = ContextExecutors.wrap(Executors.newFixedThreadPool(8));
 *
 * REQUEST_ID.run("r-42", () -> pool.submit(() -> log("runs with r-42")));
 * }</pre>
 *
 * <p>The context is captured when a task is <em>submitted</em>, not when it runs. While the task
 * runs, the worker thread sees exactly the captured context; when it ends, normally or by
 * throwing, the worker is back in the context it had before, so nothing leaks into the next task.
 * A periodic task runs every time in the context of the code that scheduled it. Wrapping an
 * executor that this class already wrapped returns it unchanged.
 */
public final class ContextExecutors {

  private ContextExecutors() {}

  /**
   * Whether the Baton agent instruments this JVM, so that plain executors, {@code
   * CompletableFuture}, threads and timers already propagate the context. Integrations use it to
   * decorate executors only when they need it; wrapping stays correct either way.
   *
   * @return true when {@code -javaagent:baton-agent.jar} is installed
   */
  public static boolean agentInstalled() {
    return AgentSettings.isAgentInstalled();
  }

  /**
   * Returns an executor that runs each task in the context of the code that called {@code
   * execute}.
   *
   * @param executor the executor that runs the tasks
   * @return the propagating executor
   * @throws NullPointerException if {@code executor} is null
   */
  public static Executor wrap(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    if (executor instanceof ContextExecutor) {
      return executor;
    }
    if (executor instanceof ExecutorService) {
      return wrap((ExecutorService) executor);
    }
    return new ContextExecutor(executor);
  }

  /**
   * Returns an executor service that runs each task ({@code execute}, {@code submit}, {@code
   * invokeAll}, {@code invokeAny}) in the context of the code that submitted it. Shutdown and
   * termination are forwarded to {@code executor}; {@code shutdownNow()} returns the bound tasks.
   *
   * @param executor the executor service that runs the tasks
   * @return the propagating executor service
   * @throws NullPointerException if {@code executor} is null
   */
  public static ExecutorService wrap(ExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    if (executor instanceof ContextExecutorService) {
      return executor;
    }
    if (executor instanceof ScheduledExecutorService) {
      return wrap((ScheduledExecutorService) executor);
    }
    return new ContextExecutorService(executor);
  }

  /**
   * Returns a scheduled executor service that runs each task, and every run of a periodic task
   * ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}), in the context of the code
   * that scheduled it.
   *
   * @param executor the scheduled executor service that runs the tasks
   * @return the propagating scheduled executor service
   * @throws NullPointerException if {@code executor} is null
   */
  public static ScheduledExecutorService wrap(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    if (executor instanceof ContextScheduledExecutorService) {
      return executor;
    }
    return new ContextScheduledExecutorService(executor);
  }

  /**
   * Returns a thread factory whose threads run in the context of the code that called {@code
   * newThread}: the thread analogue of submitting a task. (Not an overload of {@code wrap}: both
   * are functional interfaces, and a lambda argument would be ambiguous.)
   *
   * <p>Use it where each thread runs one job: one-off threads and thread-per-task executors (for
   * instance {@code Executors.newThreadPerTaskExecutor(wrapThreadFactory(Thread.ofVirtual().factory()))} on JDK
   * 21+). Do not give it to a thread <em>pool</em>: a pool creates its threads lazily, inside
   * whichever submission needs one, and that caller's context would stay on the pooled thread.
   * Wrap the pool itself with {@link #wrap(ExecutorService)} instead.
   *
   * @param threadFactory the factory that creates the threads
   * @return the propagating thread factory
   * @throws NullPointerException if {@code threadFactory} is null
   */
  public static ThreadFactory wrapThreadFactory(ThreadFactory threadFactory) {
    Objects.requireNonNull(threadFactory, "threadFactory");
    if (threadFactory instanceof ContextThreadFactory) {
      return threadFactory;
    }
    return new ContextThreadFactory(threadFactory);
  }
}

package dev.baton.internal.handoff;

import dev.baton.internal.state.ThreadState;
import dev.baton.internal.util.Faults;
import dev.baton.internal.util.Reports;
import java.util.concurrent.Executor;

/**
 * Listeners of futures other than {@code CompletableFuture} (Guava's {@code ListenableFuture})
 * run as Node runs a promise's {@code then} callbacks: in the context of the code that added them,
 * whichever thread completes the future. The agent replaces the executor given with a listener by
 * one that hands the listener to that executor in the adding code's context; the executor still
 * receives the listener itself, and hands it over as it would any task.
 */
public final class ListenerExecutors {

  private ListenerExecutors() {}

  /**
   * Returns an executor that submits to {@code executor} in the calling code's context; null for
   * null, so that the future's own argument check reports it.
   */
  public static Executor inRegisteringContext(Executor executor) {
    if (executor == null || executor instanceof RegisteringExecutor) {
      return executor; // a future that hands its listeners to another keeps the first capture
    }
    try {
      Faults.at(Faults.LISTENER_EXECUTOR);
      return new RegisteringExecutor(ThreadState.current().frame(), executor);
    } catch (RuntimeException | LinkageError failure) {
      // The listener is added as it would be without the agent, and runs without its context
      Reports.BATON.report(
          "could not keep the context of a listener handed to " + executor.getClass().getName(),
          "the listener runs without it: " + failure);
      return executor;
    }
  }

  private static final class RegisteringExecutor implements Executor {
    private final Object[] frame;
    private final Executor executor;

    RegisteringExecutor(Object[] frame, Executor executor) {
      this.frame = frame;
      this.executor = executor;
    }

    @Override
    public void execute(Runnable listener) {
      ThreadState thread = ThreadState.current();
      Object[] completing = thread.frame();
      thread.enter(frame);
      try {
        executor.execute(listener);
      } finally {
        thread.enter(completing);
      }
    }

    /** The executor's own: futures name it when a listener fails. */
    @Override
    public String toString() {
      return executor.toString();
    }
  }
}

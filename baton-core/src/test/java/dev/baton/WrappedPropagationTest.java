package dev.baton;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** The propagation contract, met by the explicit wrappers without the agent. */
class WrappedPropagationTest extends PropagationContract {

  @Override
  protected Executor propagating(Executor executor) {
    return ContextExecutors.wrap(executor);
  }

  @Override
  protected ExecutorService propagating(ExecutorService executor) {
    return ContextExecutors.wrap(executor);
  }

  @Override
  protected ScheduledExecutorService propagating(ScheduledExecutorService executor) {
    return ContextExecutors.wrap(executor);
  }
}

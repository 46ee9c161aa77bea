package dev.baton.reliability;

import dev.baton.ContextExecutors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** The faults, with Baton's wrappers and no agent. */
class WrappedFaultsTest extends FaultContract {

  @Override
  ExecutorService propagating(ExecutorService executor) {
    return ContextExecutors.wrap(executor);
  }

  @Override
  ScheduledExecutorService propagating(ScheduledExecutorService executor) {
    return ContextExecutors.wrap(executor);
  }
}

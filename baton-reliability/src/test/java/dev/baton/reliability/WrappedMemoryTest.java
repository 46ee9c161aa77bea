package dev.baton.reliability;

import dev.baton.ContextExecutors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/** What Baton must not keep, with its wrappers and no agent. */
class WrappedMemoryTest extends MemoryContract {

  private static final ThreadFactory THREADS = ContextExecutors.wrapThreadFactory(Thread::new);

  @Override
  ExecutorService propagating(ExecutorService executor) {
    return ContextExecutors.wrap(executor);
  }

  @Override
  ScheduledExecutorService propagating(ScheduledExecutorService executor) {
    return ContextExecutors.wrap(executor);
  }

  @Override
  Thread newThread(Runnable task) {
    return THREADS.newThread(task);
  }
}

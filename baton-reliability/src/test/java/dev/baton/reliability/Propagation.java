package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ContextExecutors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** How a contract's work is handed over: through Baton's wrappers, or plain under the agent. */
enum Propagation {
  WRAPPERS {
    @Override
    ExecutorService of(ExecutorService executor) {
      return ContextExecutors.wrap(executor);
    }

    @Override
    ScheduledExecutorService of(ScheduledExecutorService executor) {
      return ContextExecutors.wrap(executor);
    }

    @Override
    Thread newThread(Runnable task) {
      return ContextExecutors.wrapThreadFactory(Thread::new).newThread(task);
    }

    @Override
    void assertAvailable() {}
  },

  AGENT {
    @Override
    ExecutorService of(ExecutorService executor) {
      return executor;
    }

    @Override
    ScheduledExecutorService of(ScheduledExecutorService executor) {
      return executor;
    }

    @Override
    Thread newThread(Runnable task) {
      return new Thread(task);
    }

    @Override
    void assertAvailable() {
      assertThat(ContextExecutors.agentInstalled()).as("run under -javaagent").isTrue();
    }
  };

  /** The executor to submit to: {@code executor} wrapped, or itself. */
  abstract ExecutorService of(ExecutorService executor);

  abstract ScheduledExecutorService of(ScheduledExecutorService executor);

  /** A thread that starts in the context of the code that starts it. */
  abstract Thread newThread(Runnable task);

  /** Fails unless this way of propagating is there to test. */
  abstract void assertAvailable();
}

package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ContextExecutors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.BeforeAll;

/** What Baton must not keep, under the agent, with plain executors and threads. */
class AgentMemoryIT extends MemoryContract {

  @BeforeAll
  static void agent() {
    assertThat(ContextExecutors.agentInstalled()).isTrue();
  }

  @Override
  ExecutorService propagating(ExecutorService executor) {
    return executor;
  }

  @Override
  ScheduledExecutorService propagating(ScheduledExecutorService executor) {
    return executor;
  }

  @Override
  Thread newThread(Runnable task) {
    return new Thread(task);
  }
}

package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * The propagation contract, met by the JDK's plain executors under the agent: nothing is wrapped,
 * the very executors the test creates are used.
 */
class AgentPropagationIT extends PropagationContract {

  @Override
  protected Executor propagating(Executor executor) {
    return executor;
  }

  @Override
  protected ExecutorService propagating(ExecutorService executor) {
    return executor;
  }

  @Override
  protected ScheduledExecutorService propagating(ScheduledExecutorService executor) {
    return executor;
  }

  @Test
  void batonIsLoadedOnceForTheWholeJvm() {
    assertThat(AsyncLocalStorage.class.getClassLoader())
        .as("baton-core is on the bootstrap class path, shared with the JDK's instrumented classes")
        .isNull();
  }
}

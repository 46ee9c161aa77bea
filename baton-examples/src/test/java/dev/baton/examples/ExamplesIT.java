package dev.baton.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The examples under the agent, as the README's demo command runs them. */
class ExamplesIT {

  @Test
  void theAgentIsRunning() {
    assertThat(AsyncLocalStorage.class.getClassLoader()).as("baton-core on the bootstrap class path").isNull();
  }

  @RepeatedTest(5)
  void theRequestIdLoggerPrintsTheSeedsFourLinesInTheSeedsOrderWithNoWrappingInItsCode()
      throws Exception {
    assertThat(ExampleOutput.of(RequestIdLogger::demo))
        .containsExactly("0: start", "1: start", "0: finish", "1: finish");
  }

  @RepeatedTest(5)
  void theNettyServerLogsEachRequestsIdBeforeAndAfterTheEventLoopHopWithNoWrapping()
      throws Exception {
    List<String> lines = ExampleOutput.of(NettyRequestIdLogger::demo);

    assertThat(lines).containsExactlyInAnyOrder("0: start", "1: start", "0: finish", "1: finish");
    assertThat(lines.indexOf("0: start")).isLessThan(lines.indexOf("0: finish"));
    assertThat(lines.indexOf("1: start")).isLessThan(lines.indexOf("1: finish"));
  }

  @Test
  void theWorkerPoolBehavesTheSameUnderTheAgent() throws Exception {
    List<String> lines = ExampleOutput.of(WorkerPoolExample::run);

    assertThat(lines).hasSize(11).containsAll(ExampleOutput.WORKER_POOL_CALLBACKS);
    assertThat(lines).contains(ExampleOutput.WORKER_POOL_FAILURE);
  }

  @Test
  void theBoundListenerBehavesTheSameUnderTheAgent() throws Exception {
    assertThat(ExampleOutput.of(BoundListenerExample::run))
        .containsExactlyElementsOf(ExampleOutput.BOUND_LISTENER);
  }
}

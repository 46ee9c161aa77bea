package dev.baton.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples without the agent: what explicit propagation does, and what is lost without it. */
class ExamplesTest {

  @Test
  void withoutTheAgentTheRequestIdIsLostAtTheAsynchronousHopAndNeverLeaksIntoTheLoop()
      throws Exception {
    assertThat(ExampleOutput.of(RequestIdLogger::demo))
        .containsExactly("0: start", "1: start", "-: finish", "-: finish");
  }

  @Test
  void withoutTheAgentTheNettyServerLosesTheRequestIdAtTheEventLoopHopAndNeverLeaksIt()
      throws Exception {
    assertThat(ExampleOutput.of(NettyRequestIdLogger::demo))
        .containsExactlyInAnyOrder("0: start", "1: start", "-: finish", "-: finish");
  }

  @Test
  void theWorkerPoolRunsEveryCallbackInItsSubmittersContextAndReportsTheFailure()
      throws Exception {
    List<String> lines = ExampleOutput.of(WorkerPoolExample::run);

    assertThat(lines).hasSize(11).containsAll(ExampleOutput.WORKER_POOL_CALLBACKS);
    assertThat(lines).contains(ExampleOutput.WORKER_POOL_FAILURE);
  }

  @Test
  void theBoundListenerRunsInTheRegisteringContextAndThePlainOneInTheEmittingContext()
      throws Exception {
    assertThat(ExampleOutput.of(BoundListenerExample::run))
        .containsExactlyElementsOf(ExampleOutput.BOUND_LISTENER);
  }
}

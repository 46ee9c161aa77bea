package dev.baton.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ExamplesTest {

  @FunctionalInterface
  private interface Example {
    void run(PrintStream out) throws Exception;
  }

  private static List<String> outputOf(Example example) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      example.run(out);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @RepeatedTest(5)
  void theRequestIdLoggerPrintsTheSeedsFourLinesInTheSeedsOrder() throws Exception {
    assertThat(outputOf(RequestIdLogger::demo))
        .containsExactly("0: start", "1: start", "0: finish", "1: finish");
  }

  @Test
  void theWorkerPoolRunsEveryCallbackInItsSubmittersContextAndReportsTheFailure()
      throws Exception {
    List<String> lines = outputOf(WorkerPoolExample::run);

    List<String> expected =
        IntStream.range(0, 10).mapToObj(i -> i + " null 142 (in the context of caller-" + i + ")").toList();
    assertThat(lines).hasSize(11).containsAll(expected);
    assertThat(lines)
        .contains("10 java.lang.NullPointerException: b null (in the context of caller-10)");
  }

  @Test
  void theBoundListenerRunsInTheRegisteringContextAndThePlainOneInTheEmittingContext()
      throws Exception {
    assertThat(outputOf(BoundListenerExample::run))
        .containsExactly(
            "bound listener:   requestId=request-1, scope=bound-anonymous-fn",
            "unbound listener: requestId=connection-manager, scope=root");
  }
}

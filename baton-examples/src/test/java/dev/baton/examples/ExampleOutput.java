package dev.baton.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

/** Runs an example and returns the lines it printed, and what the examples are expected to print. */
final class ExampleOutput {

  @FunctionalInterface
  interface Example {
    void run(PrintStream out) throws Exception;
  }

  static final List<String> WORKER_POOL_CALLBACKS =
      IntStream.range(0, 10).mapToObj(i -> i + " null 142 (in the context of caller-" + i + ")").toList();

  static final String WORKER_POOL_FAILURE =
      "10 java.lang.NullPointerException: b null (in the context of caller-10)";

  static final List<String> BOUND_LISTENER =
      List.of(
          "bound listener:   requestId=request-1, scope=bound-anonymous-fn",
          "unbound listener: requestId=connection-manager, scope=root");

  private ExampleOutput() {}

  static List<String> of(Example example) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      example.run(out);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }
}

package dev.baton.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the example as the README does, in a JVM of its own (with and without the agent), and reads
 * its log: every line of both services carries the id the shop gave the request, each request's
 * own.
 */
class TwoServicesTest {

  private static final Pattern LINE = Pattern.compile("^(shop|stock) +\\[requestId=([^\\]]*)\\] (.*)$");

  @ParameterizedTest(name = "agent: {0}")
  @ValueSource(booleans = {false, true})
  void everyLineOfBothServicesCarriesTheShopsRequestId(boolean agent) throws Exception {
    List<String> log = run(agent, "4");

    List<String> lines = new ArrayList<>();
    for (String line : log) {
      Matcher matcher = LINE.matcher(line);
      if (matcher.matches()) {
        lines.add(matcher.group(1) + " " + matcher.group(2) + " " + matcher.group(3));
      }
    }
    String[] items = {"apples", "pears", "plums", "figs"};
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < items.length; i++) {
      String id = "req-" + i;
      expected.add("shop " + id + " received an order for " + items[i]);
      expected.add("stock " + id + " reserving " + items[i]);
      expected.add("shop " + id + " audited the order for " + items[i] + " on another thread");
      expected.add("shop " + id + " answering: " + items[i] + " reserved");
    }
    assertThat(lines).as("the log:%n%s", String.join("\n", log)).containsExactlyElementsOf(expected);
  }

  private static List<String> run(boolean agent, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (agent) {
      command.add("-javaagent:" + System.getProperty("baton.agentJar"));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TwoServices.class.getName());
    command.addAll(List.of(args));
    Path log = Files.createTempFile("two-services", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean ended = process.waitFor(120, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(ended).as("the example ended within 120 s, after:%n%s", output).isTrue();
      assertThat(process.exitValue()).as("the example's exit status, after:%n%s", output).isZero();
      return output.lines().toList();
    } finally {
      Files.deleteIfExists(log);
    }
  }
}

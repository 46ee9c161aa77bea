package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} as a README's command does: in a JVM of its own, on this JVM's class
 * path, with or without the agent (whose jar the build names in the system property {@code
 * baton.agentJar}).
 */
public final class ForkedMain {

  private ForkedMain() {}

  /**
   * The lines {@code main} printed, standard output and error together, once it ended by itself
   * within 120 s with status 0; the test fails otherwise, showing what it printed.
   */
  public static List<String> run(boolean agent, Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (agent) {
      command.add("-javaagent:" + System.getProperty("baton.agentJar"));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    Path log = Files.createTempFile(main.getSimpleName(), ".log");
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

package dev.baton.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The start-up of a Spring Boot application under each agent: baton-smoke-tests' {@code
 * StartupRounds}, run in a JVM of its own (it starts a Kafka broker and the order service, in turn
 * without an agent and with each), its launches read back.
 */
final class AppStartup {

  private static final Path MODULE = Path.of("baton-smoke-tests/target");
  private static final Path TEST_CLASS_PATH = MODULE.resolve("test-classpath.txt");

  private AppStartup() {}

  /** Whether the build made what the runner needs. */
  static boolean built() {
    return Files.exists(TEST_CLASS_PATH) && Files.exists(MODULE.resolve("test-classes"));
  }

  /** Each subject's launches, {wall ms, CPU ms}, in the order measured. */
  static Map<String, List<long[]>> measure(int rounds) throws IOException, InterruptedException {
    Path out = Files.createTempFile("startup-rounds", ".tsv");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            MODULE.resolve("test-classes")
                + File.pathSeparator
                + Files.readString(TEST_CLASS_PATH, StandardCharsets.UTF_8).trim(),
            "dev.baton.smoke.StartupRounds",
            String.valueOf(rounds),
            out.toString());
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(60, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("the Spring Boot start-up rounds failed: " + String.join(" ", command));
    }
    Map<String, List<long[]>> launches = new LinkedHashMap<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      String[] fields = line.split("\t");
      launches
          .computeIfAbsent(fields[0], subject -> new ArrayList<>())
          .add(new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])});
    }
    Files.delete(out);
    return launches;
  }
}

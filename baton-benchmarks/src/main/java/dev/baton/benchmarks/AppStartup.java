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
 * A Spring Boot application under each agent: baton-smoke-tests' order service, its start-up
 * ({@code StartupRounds}) and its throughput under {@code wrk} ({@code ThroughputRounds}), each run
 * in a JVM of its own (it starts a Kafka broker and the order service, without an agent and with
 * each), its figures read back.
 */
final class AppStartup {

  private static final Path MODULE = Path.of("baton-smoke-tests/target");
  private static final Path TEST_CLASS_PATH = MODULE.resolve("test-classpath.txt");

  private AppStartup() {}

  /** Whether the build made what the runners need. */
  static boolean built() {
    return Files.exists(TEST_CLASS_PATH) && Files.exists(MODULE.resolve("test-classes"));
  }

  /** Each subject's launches, {wall ms, CPU ms}, in the order measured. */
  static Map<String, List<long[]>> measure(int rounds) throws IOException, InterruptedException {
    Map<String, List<long[]>> launches = new LinkedHashMap<>();
    for (String[] fields : run("dev.baton.smoke.StartupRounds", String.valueOf(rounds))) {
      launches
          .computeIfAbsent(fields[0], subject -> new ArrayList<>())
          .add(new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])});
    }
    return launches;
  }

  /** Each subject's requests per second under {@code wrk}, run by run, in the order measured. */
  static Map<String, List<Double>> throughput(int forks, int rounds, String wrk) throws IOException, InterruptedException {
    Map<String, List<Double>> runs = new LinkedHashMap<>();
    for (String[] fields : run("dev.baton.smoke.ThroughputRounds", String.valueOf(forks), String.valueOf(rounds), "10", wrk)) {
      runs.computeIfAbsent(fields[0], subject -> new ArrayList<>()).add(Double.parseDouble(fields[1]));
    }
    return runs;
  }

  /** Runs {@code runner} with {@code arguments} and the file it writes its figures to; returns their fields. */
  private static List<String[]> run(String runner, String... arguments) throws IOException, InterruptedException {
    Path out = Files.createTempFile("smoke-rounds", ".tsv");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                MODULE.resolve("test-classes")
                    + File.pathSeparator
                    + Files.readString(TEST_CLASS_PATH, StandardCharsets.UTF_8).trim(),
                runner));
    command.addAll(List.of(arguments));
    command.add(out.toString());
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(60, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("the Spring Boot application's rounds failed: " + String.join(" ", command));
    }
    List<String[]> lines = new ArrayList<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      lines.add(line.split("\t"));
    }
    Files.delete(out);
    return lines;
  }
}

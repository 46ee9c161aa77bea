package dev.baton.smoke;

import dev.baton.kafka.KafkaBroker;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start-up benchmark: the order service launched without an agent, with Baton's, with
 * OpenTelemetry's (exporters off) and with TransmittableThreadLocal's, in turn, {@code rounds}
 * times, against one Kafka broker. For each launch: the wall time from launching {@code java} to
 * the first answer of {@code GET /orders/count} (a JPA query), and the CPU time the JVM used until
 * then. Prints a Markdown table of medians (lowest and highest in brackets) and their ratios to no
 * agent; with a second argument, also writes each launch to that file, one {@code
 * subject<TAB>wall ms<TAB>CPU ms} line each (what baton-benchmarks' suite reads).
 *
 * <pre>{@code
 * ./mvnw -q -pl baton-smoke-tests -am verify -DskipTests
 * java -cp "baton-smoke-tests/target/test-classes:$(cat baton-smoke-tests/target/test-classpath.txt)" \
 *     dev.baton.smoke.StartupRounds 5
 * }</pre>
 */
public final class StartupRounds {

  private static final Pattern STARTED = Pattern.compile("started on port (\\d+)");
  private static final Path TARGET = Path.of("baton-smoke-tests", "target");

  private StartupRounds() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    // The broker's admin clients log at length; the table is what this prints
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    Map<String, List<String>> subjects = new LinkedHashMap<>();
    subjects.put("without an agent", List.of());
    subjects.put("Baton's agent", List.of("-javaagent:" + agent("baton-agent")));
    subjects.put(
        "OpenTelemetry's agent, exporters off",
        List.of(
            "-javaagent:" + TARGET.resolve("other-agents/opentelemetry-javaagent.jar"),
            "-Dotel.traces.exporter=none",
            "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none"));
    subjects.put("TransmittableThreadLocal's agent", List.of("-javaagent:" + agent("transmittable-thread-local")));
    Map<String, List<long[]>> measured = new LinkedHashMap<>();
    Path directory = Files.createTempDirectory("startup-rounds");
    try (KafkaBroker broker = KafkaBroker.start(directory)) {
      broker.createTopic("shipments", 3);
      for (int round = 0; round <= rounds; round++) {
        for (Map.Entry<String, List<String>> subject : subjects.entrySet()) {
          long[] figures = launch(subject.getValue(), broker.bootstrapServers(), directory.resolve("app.log"));
          if (round > 0) { // the first round warms the disk cache and is not counted
            measured.computeIfAbsent(subject.getKey(), k -> new ArrayList<>()).add(figures);
            System.err.printf("round %d, %s: %d ms, %d ms of CPU%n", round, subject.getKey(), figures[0], figures[1]);
          }
        }
      }
    }
    print(measured, rounds);
    if (args.length > 1) {
      StringBuilder lines = new StringBuilder();
      measured.forEach(
          (subject, figures) -> figures.forEach(f -> lines.append(subject).append('\t').append(f[0]).append('\t').append(f[1]).append('\n')));
      Files.writeString(Path.of(args[1]), lines, StandardCharsets.UTF_8);
    }
  }

  private static Path agent(String prefix) throws IOException {
    Path folder = prefix.equals("baton-agent") ? Path.of("baton-agent", "target") : TARGET.resolve("other-agents");
    try (var files = Files.list(folder)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith(prefix) && file.toString().endsWith(".jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + prefix + " jar in " + folder + ": build first"));
    }
  }

  /** Wall and CPU milliseconds from launch to the first answer. */
  private static long[] launch(List<String> jvmOptions, String bootstrap, Path output) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(
        TARGET.resolve("classes")
            + File.pathSeparator
            + Files.readString(TARGET.resolve("classpath.txt"), StandardCharsets.UTF_8).trim());
    command.add("dev.baton.smoke.orders.OrdersApplication");
    command.add("--server.port=0");
    command.add("--spring.kafka.bootstrap-servers=" + bootstrap);
    long launched = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      int port = awaitPort(process, output);
      URI count = URI.create("http://127.0.0.1:" + port + "/orders/count");
      while (!answers(count)) {
        TimeUnit.MILLISECONDS.sleep(2);
      }
      long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
      long cpu = process.info().totalCpuDuration().orElse(Duration.ZERO).toMillis();
      return new long[] {wall, cpu};
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static int awaitPort(Process process, Path output) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      Matcher started = STARTED.matcher(Files.readString(output, StandardCharsets.UTF_8));
      if (started.find()) {
        return Integer.parseInt(started.group(1));
      }
      if (process.waitFor(2, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the application exited:\n" + Files.readString(output));
      }
    }
    throw new IllegalStateException("the application did not start in 120 s:\n" + Files.readString(output));
  }

  private static boolean answers(URI uri) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(1000);
      boolean ok = connection.getResponseCode() == 200;
      connection.getInputStream().readAllBytes();
      return ok;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void print(Map<String, List<long[]>> measured, int rounds) {
    long wallBase = median(measured.get("without an agent"), 0);
    long cpuBase = median(measured.get("without an agent"), 1);
    System.out.printf(
        "%d rounds, JDK %s, %d cores%n%n", rounds, Runtime.version(), Runtime.getRuntime().availableProcessors());
    System.out.println("| | wall ms to first answer | vs. no agent | CPU ms to first answer | vs. no agent |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (Map.Entry<String, List<long[]>> subject : measured.entrySet()) {
      List<long[]> figures = subject.getValue();
      System.out.printf(
          "| %s | %s | %.2f× | %s | %.2f× |%n",
          subject.getKey(),
          cell(figures, 0),
          (double) median(figures, 0) / wallBase,
          cell(figures, 1),
          (double) median(figures, 1) / cpuBase);
    }
  }

  private static String cell(List<long[]> figures, int which) {
    List<Long> values = sorted(figures, which);
    return median(figures, which) + " [" + values.get(0) + ", " + values.get(values.size() - 1) + "]";
  }

  private static long median(List<long[]> figures, int which) {
    List<Long> values = sorted(figures, which);
    return values.get(values.size() / 2);
  }

  private static List<Long> sorted(List<long[]> figures, int which) {
    List<Long> values = new ArrayList<>();
    for (long[] figure : figures) {
      values.add(figure[which]);
    }
    Collections.sort(values);
    return values;
  }
}

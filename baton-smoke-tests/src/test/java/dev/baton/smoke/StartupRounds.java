package dev.baton.smoke;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.baton.kafka.KafkaBroker;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The start-up benchmark: the order service launched without an agent, with Baton's, with
 * OpenTelemetry's (exporters off), with TransmittableThreadLocal's and with one whose transformer
 * changes nothing ({@link NoOpAgent}: what the JVM costs any agent with a transformer), in turn,
 * {@code rounds} times, against one Kafka broker. For each launch: the wall time from launching
 * {@code java} to the first answer of {@code GET /orders/count} (a JPA query), and the CPU time the
 * JVM used until then. Prints a Markdown table of medians (lowest and highest in brackets) and
 * their ratios to no agent, then each agent's CPU round by round against the launch without an
 * agent of the same round (the median and the spread of those ratios, which the machine's drift
 * between rounds disturbs less). Further arguments: a file, to which each launch is also written,
 * one {@code subject<TAB>wall ms<TAB>CPU ms} line each (what baton-benchmarks' suite reads); and
 * {@code LABEL=JAR} pairs, other builds of Baton's agent launched as subjects of their own, to
 * compare a change with the build before it.
 *
 * <pre>{@code
 * ./mvnw -q -pl baton-smoke-tests -am verify -DskipTests
 * java -cp "baton-smoke-tests/target/test-classes:$(cat baton-smoke-tests/target/test-classpath.txt)" \
 *     dev.baton.smoke.StartupRounds 5 [launches.tsv] [before=/tmp/before/baton-agent.jar ...]
 * }</pre>
 */
public final class StartupRounds {

  private StartupRounds() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    // The broker's admin clients log at length; the table is what this prints
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    Map<String, List<String>> subjects = Agents.subjects(true);
    Path launches = null;
    for (int i = 1; i < args.length; i++) {
      int equals = args[i].indexOf('=');
      if (equals > 0) {
        subjects.put(args[i].substring(0, equals), List.of("-javaagent:" + Agents.built(Path.of(args[i].substring(equals + 1)))));
      } else {
        launches = Path.of(args[i]);
      }
    }
    Agents.useBuiltApplication();
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
    printRoundByRound(measured);
    if (launches != null) {
      StringBuilder lines = new StringBuilder();
      measured.forEach(
          (subject, figures) -> figures.forEach(f -> lines.append(subject).append('\t').append(f[0]).append('\t').append(f[1]).append('\n')));
      Files.writeString(launches, lines, StandardCharsets.UTF_8);
    }
  }

  /** Wall and CPU milliseconds from launch to the first answer. */
  private static long[] launch(List<String> jvmOptions, String bootstrap, Path output) throws Exception {
    long launched = System.nanoTime();
    try (ForkedApplication app =
        ForkedApplication.start(
            "dev.baton.smoke.orders.OrdersApplication",
            jvmOptions,
            List.of("--spring.kafka.bootstrap-servers=" + bootstrap),
            output)) {
      URI count = URI.create(app.baseUri() + "/orders/count");
      while (!answers(count)) {
        TimeUnit.MILLISECONDS.sleep(2);
      }
      long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
      return new long[] {wall, app.cpuTime().toMillis()};
    }
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
    long wallBase = median(measured.get(Agents.NONE), 0);
    long cpuBase = median(measured.get(Agents.NONE), 1);
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

  /** Each agent's CPU divided by that of the launch without an agent in the same round. */
  private static void printRoundByRound(Map<String, List<long[]>> measured) {
    List<long[]> plain = measured.get(Agents.NONE);
    System.out.printf("%nCPU round by round, against the launch without an agent of the same round:%n%n");
    for (Map.Entry<String, List<long[]>> subject : measured.entrySet()) {
      if (subject.getKey().equals(Agents.NONE)) {
        continue;
      }
      List<Double> ratios = new ArrayList<>();
      for (int round = 0; round < subject.getValue().size(); round++) {
        ratios.add((double) subject.getValue().get(round)[1] / plain.get(round)[1]);
      }
      Collections.sort(ratios);
      System.out.printf(
          "- %s: %.2f× [%.2f×, %.2f×]%n",
          subject.getKey(), ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1));
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

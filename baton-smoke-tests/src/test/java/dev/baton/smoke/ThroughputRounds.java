package dev.baton.smoke;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.baton.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The throughput benchmark: the order service without an agent, with Baton's and with
 * OpenTelemetry's (exporters off), all up at once against one Kafka broker, loaded with {@code
 * wrk} on loopback in turn, round after round, so that drift on a noisy machine hits each alike.
 * Each round starts with the next application in turn, and while one is loaded the others are
 * stopped ({@code SIGSTOP}; their Kafka consumers stay well inside the session timeout), so that
 * none of their own work (compilations, collections, schedulers, consumers polling) runs in its
 * time; a pause between runs lets each finish what its run left.
 * All of that is repeated in fresh JVMs, fork after fork: how one JVM compiles the request path
 * differs from the next (the medians of two forks of one build can differ by a fifth), so one
 * fork says little.
 * Each request goes through Tomcat, the request-id filter that sets a store, Spring MVC and
 * Logback; half of them read the orders through Spring Data JPA, HikariCP and H2 ({@code GET
 * /orders/count}), the other half log a line in their request's id ({@code GET /prices/n}). Prints
 * a Markdown table of requests per second over every run (median, lowest and highest), the
 * medians' ratio to no agent, and each fork's; with a fifth argument, also writes each run to that
 * file, one {@code subject<TAB>requests/s<TAB>fork} line each (what baton-benchmarks' suite reads).
 * Arguments: forks (3), rounds per fork (3), seconds per run (10), {@code wrk}.
 *
 * <pre>{@code
 * ./mvnw -q -pl baton-smoke-tests -am verify -DskipTests
 * java -cp "baton-smoke-tests/target/test-classes:$(cat baton-smoke-tests/target/test-classpath.txt)" \
 *     dev.baton.smoke.ThroughputRounds 3 3 10 wrk
 * }</pre>
 */
public final class ThroughputRounds {

  private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: (.*)");

  /** Half the requests read the orders, half log in their own id, each with an id of its own. */
  private static final String REQUESTS =
      "local n = 0\n"
          + "request = function()\n"
          + "  n = n + 1\n"
          + "  local path = (n % 2 == 0) and \"/orders/count\" or (\"/prices/\" .. n)\n"
          + "  return wrk.format(\"GET\", path, {[\"X-Request-Id\"] = \"req-\" .. n})\n"
          + "end\n";

  /** Long enough for a warm application to finish the compilations and collection its run left. */
  private static final long SETTLE_MILLIS = 2_000;

  private ThroughputRounds() {}

  public static void main(String[] args) throws Exception {
    int forks = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    String wrk = args.length > 3 ? args[3] : "wrk";
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    Agents.useBuiltApplication();
    Path directory = Files.createTempDirectory("throughput-rounds");
    Path script = directory.resolve("requests.lua");
    Files.writeString(script, REQUESTS, StandardCharsets.UTF_8);
    // Each fork's runs, by subject: one JVM's compiled code differs from the next one's
    List<Map<String, List<Double>>> byFork = new ArrayList<>();
    try (KafkaBroker broker = KafkaBroker.start(directory)) {
      broker.createTopic("shipments", 3);
      for (int fork = 1; fork <= forks; fork++) {
        byFork.add(fork(broker, directory, script, wrk, fork, rounds, seconds));
      }
    }
    print(byFork, rounds, seconds);
    if (args.length > 4) {
      StringBuilder lines = new StringBuilder();
      for (int fork = 0; fork < byFork.size(); fork++) {
        int number = fork + 1;
        byFork.get(fork).forEach(
            (subject, rates) -> rates.forEach(rate -> lines.append(subject).append('\t').append(rate).append('\t').append(number).append('\n')));
      }
      Files.writeString(Path.of(args[4]), lines, StandardCharsets.UTF_8);
    }
  }

  /** One fork: every application started, warmed up, measured {@code rounds} times, stopped. */
  private static Map<String, List<Double>> fork(
      KafkaBroker broker, Path directory, Path script, String wrk, int fork, int rounds, int seconds) throws Exception {
    Map<String, ForkedApplication> apps = new LinkedHashMap<>();
    Map<String, List<Double>> measured = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, List<String>> subject : Agents.subjects(false).entrySet()) {
        apps.put(
            subject.getKey(),
            ForkedApplication.start(
                "dev.baton.smoke.orders.OrdersApplication",
                subject.getValue(),
                List.of("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers()),
                directory.resolve(fork + "-" + apps.size() + ".log")));
        measured.put(subject.getKey(), new ArrayList<>());
      }
      // Warm-up until the JIT is done with Spring's request path: twice 20 s each, in turn
      for (int warmUp = 0; warmUp < 2; warmUp++) {
        for (ForkedApplication app : apps.values()) {
          load(wrk, script, app.baseUri(), 20);
        }
      }
      List<String> names = new ArrayList<>(apps.keySet());
      for (int round = 1; round <= rounds; round++) {
        for (int turn = 0; turn < names.size(); turn++) {
          String name = names.get((fork + round + turn) % names.size());
          List<ForkedApplication> others = new ArrayList<>(apps.values());
          others.remove(apps.get(name));
          Thread.sleep(SETTLE_MILLIS);
          signal("-STOP", others);
          double rate;
          try {
            rate = load(wrk, script, apps.get(name).baseUri(), seconds);
          } finally {
            signal("-CONT", others);
          }
          measured.get(name).add(rate);
          System.err.printf("fork %d, round %d, %s: %.0f requests/s%n", fork, round, name, rate);
        }
      }
      return measured;
    } finally {
      for (ForkedApplication app : apps.values()) {
        app.close();
      }
    }
  }

  /** Sends {@code signal} to the applications with {@code kill}, and fails unless it did. */
  private static void signal(String signal, List<ForkedApplication> applications) throws Exception {
    List<String> command = new ArrayList<>(List.of("kill", signal));
    for (ForkedApplication application : applications) {
      command.add(Long.toString(application.pid()));
    }
    Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }

  private static double load(String wrk, Path script, String uri, int seconds) throws Exception {
    List<String> command =
        List.of(wrk, "-t1", "-c32", "-d" + seconds + "s", "-s", script.toString(), uri);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("wrk failed: " + output);
    }
    if (ERRORS.matcher(output).find()) {
      throw new IllegalStateException("the application failed requests under load: " + output);
    }
    Matcher rate = REQUESTS_PER_SECOND.matcher(output);
    if (!rate.find()) {
      throw new IllegalStateException("no rate in wrk's output: " + output);
    }
    return Double.parseDouble(rate.group(1));
  }

  private static void print(List<Map<String, List<Double>>> byFork, int rounds, int seconds) {
    Map<String, List<Double>> all = new LinkedHashMap<>();
    for (Map<String, List<Double>> fork : byFork) {
      fork.forEach((subject, rates) -> all.computeIfAbsent(subject, k -> new ArrayList<>()).addAll(rates));
    }
    double base = median(all.get(Agents.NONE));
    System.out.printf(
        "%d forks of %d rounds of %d s, JDK %s, %d cores%n%n",
        byFork.size(), rounds, seconds, Runtime.version(), Runtime.getRuntime().availableProcessors());
    System.out.println("| | requests/s, median [lowest, highest] | vs. no agent | each fork's median vs. its own without an agent |");
    System.out.println("|---|---:|---:|---:|");
    all.forEach(
        (subject, rates) -> {
          StringBuilder perFork = new StringBuilder();
          for (Map<String, List<Double>> fork : byFork) {
            perFork.append(perFork.length() == 0 ? "" : ", ")
                .append(String.format("%.3f×", median(fork.get(subject)) / median(fork.get(Agents.NONE))));
          }
          System.out.printf(
              "| %s | %.0f [%.0f, %.0f] | %.3f× | %s |%n",
              subject, median(rates), min(rates), max(rates), median(rates) / base, perFork);
        });
  }

  private static double median(List<Double> rates) {
    List<Double> sorted = new ArrayList<>(rates);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }

  private static double min(List<Double> rates) {
    return rates.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  private static double max(List<Double> rates) {
    return rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}

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
 * Each request goes through Tomcat, the request-id filter that sets a store, Spring MVC and
 * Logback; half of them read the orders through Spring Data JPA, HikariCP and H2 ({@code GET
 * /orders/count}), the other half log a line in their request's id ({@code GET /prices/n}). Prints
 * a Markdown table of requests per second (median, lowest and highest) and the medians' ratio to
 * no agent; with a fourth argument, also writes each run to that file, one {@code
 * subject<TAB>requests/s} line each (what baton-benchmarks' suite reads).
 *
 * <pre>{@code
 * ./mvnw -q -pl baton-smoke-tests -am verify -DskipTests
 * java -cp "baton-smoke-tests/target/test-classes:$(cat baton-smoke-tests/target/test-classpath.txt)" \
 *     dev.baton.smoke.ThroughputRounds 5 10 wrk
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
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String wrk = args.length > 2 ? args[2] : "wrk";
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    Agents.useBuiltApplication();
    Path directory = Files.createTempDirectory("throughput-rounds");
    Path script = directory.resolve("requests.lua");
    Files.writeString(script, REQUESTS, StandardCharsets.UTF_8);
    Map<String, ForkedApplication> apps = new LinkedHashMap<>();
    Map<String, List<Double>> measured = new LinkedHashMap<>();
    try (KafkaBroker broker = KafkaBroker.start(directory)) {
      broker.createTopic("shipments", 3);
      for (Map.Entry<String, List<String>> subject : Agents.subjects(false).entrySet()) {
        apps.put(
            subject.getKey(),
            ForkedApplication.start(
                "dev.baton.smoke.orders.OrdersApplication",
                subject.getValue(),
                List.of("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers()),
                directory.resolve(apps.size() + ".log")));
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
          String name = names.get((round + turn) % names.size());
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
          measured.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
          System.err.printf("round %d, %s: %.0f requests/s%n", round, name, rate);
        }
      }
    } finally {
      for (ForkedApplication app : apps.values()) {
        app.close();
      }
    }
    print(measured, rounds, seconds);
    if (args.length > 3) {
      StringBuilder lines = new StringBuilder();
      measured.forEach((subject, rates) -> rates.forEach(rate -> lines.append(subject).append('\t').append(rate).append('\n')));
      Files.writeString(Path.of(args[3]), lines, StandardCharsets.UTF_8);
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

  private static void print(Map<String, List<Double>> measured, int rounds, int seconds) {
    double base = median(measured.get(Agents.NONE));
    System.out.printf(
        "%d rounds of %d s, JDK %s, %d cores%n%n",
        rounds, seconds, Runtime.version(), Runtime.getRuntime().availableProcessors());
    System.out.println("| | requests/s, median [lowest, highest] | vs. no agent |");
    System.out.println("|---|---:|---:|");
    measured.forEach(
        (subject, rates) ->
            System.out.printf(
                "| %s | %.0f [%.0f, %.0f] | %.3f× |%n",
                subject, median(rates), min(rates), max(rates), median(rates) / base));
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

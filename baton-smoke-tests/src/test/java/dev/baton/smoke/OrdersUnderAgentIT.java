package dev.baton.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.kafka.KafkaBroker;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order service in a JVM of its own under Baton's agent, as it would run in production, placed
 * 200 orders at once from 16 clients, each with its own request id. Every line an order logs, on
 * Tomcat's threads, Spring's {@code @Async} executor and the Kafka listener's thread, carries that
 * order's id and no other; no line of a thread that serves no request (Spring's scheduler,
 * HikariCP's housekeeper, Kafka's producer I/O thread, started inside the first request) carries
 * any id. Run without the agent, the same check finds the {@code @Async} audits without theirs.
 */
class OrdersUnderAgentIT {

  private static final String MAIN = "dev.baton.smoke.orders.OrdersApplication";
  private static final int ORDERS = 200;
  private static final int CLIENTS = 16;
  private static final Pattern ORDER = Pattern.compile("\\border=(\\d+) (\\w+)");

  /** What each order logs, and the kind of thread it logs it on. */
  private static final Map<String, String> STEPS =
      Map.of(
          "received", "http-nio-",
          "priced", "http-nio-",
          "saved", "http-nio-",
          "audited", "task-",
          "published", "http-nio-",
          "shipped", "KafkaListenerEndpointContainer");

  @TempDir static Path directory;

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.start(directory);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void everyLineOfAnOrderCarriesItsOwnIdAndNoBackgroundThreadCarriesAny() throws Exception {
    try (ForkedApplication app = start(List.of(ForkedApplication.agent()), "agent.log")) {
      placeOrders(app);
      List<LogLine> lines =
          app.awaitLines(
              "every order shipped, then HikariCP's housekeeper and the sweep again",
              all -> shippedAll(all) && loggedAfterLastShipment(all, "HikariPool-1:housekeeper") && loggedAfterLastShipment(all, "scheduling-1"));

      assertThat(violations(lines)).isEmpty();
      for (String step : STEPS.keySet()) {
        assertThat(lines.stream().filter(line -> isStep(line, step)).count())
            .as("lines of step %s", step)
            .isEqualTo(ORDERS);
      }
      assertThat(lines)
          .as("lines of Kafka's producer I/O thread, started inside the first request")
          .anySatisfy(line -> assertThat(line.thread()).startsWith("kafka-producer-network-thread"));
    }
  }

  @Test
  void withoutTheAgentTheSameCheckFindsTheAsyncAuditsWithoutTheirIds() throws Exception {
    try (ForkedApplication app = start(List.of(), "no-agent.log")) {
      placeOrders(app);
      List<LogLine> lines = app.awaitLines("every order shipped", OrdersUnderAgentIT::shippedAll);

      List<LogLine> violations = violations(lines);
      assertThat(violations).hasSize(ORDERS).allSatisfy(line -> assertThat(line.message()).endsWith("audited"));
    }
  }

  private static ForkedApplication start(List<String> agent, String log) throws Exception {
    List<String> options = new ArrayList<>(agent);
    // HikariCP's housekeeper logs its pool's state each period: lines of a background thread
    options.add("-Dcom.zaxxer.hikari.housekeeping.periodMs=250");
    return ForkedApplication.start(
        MAIN, options, List.of("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers()), directory.resolve(log));
  }

  /** Places orders 1 to {@value #ORDERS} from {@value #CLIENTS} clients at once, order {@code n} as request {@code req-n}. */
  private static void placeOrders(ForkedApplication app) throws Exception {
    List<HttpResponse<String>> responses = app.requestAll(ORDERS, CLIENTS, "POST", n -> "/orders/" + n);
    for (int n = 1; n <= ORDERS; n++) {
      HttpResponse<String> response = responses.get(n - 1);
      assertThat(response.statusCode()).as("order %d", n).isEqualTo(200);
      assertThat(response.body()).isEqualTo("order " + n + " placed");
    }
  }

  /**
   * Lines logged in the wrong context: a line of order {@code n} whose id is not {@code req-n},
   * or the line of a thread that serves no request carrying an id.
   */
  private static List<LogLine> violations(List<LogLine> lines) {
    List<LogLine> wrong = new ArrayList<>();
    for (LogLine line : lines) {
      Matcher order = ORDER.matcher(line.message());
      if (order.find()) {
        if (!line.requestId().equals("req-" + order.group(1))) {
          wrong.add(line);
        }
      } else if (line.inRequest() && !servesRequests(line.thread())) {
        wrong.add(line);
      }
    }
    return wrong;
  }

  private static boolean servesRequests(String thread) {
    return STEPS.values().stream().anyMatch(thread::contains);
  }

  private static boolean isStep(LogLine line, String step) {
    Matcher order = ORDER.matcher(line.message());
    return order.find() && order.group(2).equals(step) && line.thread().contains(STEPS.get(step));
  }

  private static boolean shippedAll(List<LogLine> lines) {
    return lines.stream().filter(line -> isStep(line, "shipped")).count() >= ORDERS;
  }

  private static boolean loggedAfterLastShipment(List<LogLine> lines, String thread) {
    int lastShipment = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (isStep(lines.get(i), "shipped")) {
        lastShipment = i;
      }
    }
    for (int i = lastShipment + 1; i < lines.size(); i++) {
      if (lines.get(i).thread().equals(thread)) {
        return true;
      }
    }
    return false;
  }
}

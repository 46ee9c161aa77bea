package dev.baton.smoke.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.kafka.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The order service's own tests, as its team would write them: they run without Baton's agent
 * (surefire) and again with it (failsafe), and pass both ways.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class OrdersApplicationTest {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private static KafkaBroker broker;

  @LocalServerPort private int port;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) throws Exception {
    if (broker == null) {
      broker = KafkaBroker.start(Files.createTempDirectory("orders-broker"));
    }
    registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  @Test
  void anOrderIsPricedStoredAuditedAndShippedInTheRequestIdItWasPlacedWith(CapturedOutput output)
      throws Exception {
    HttpResponse<String> placed = post("/orders/7", "test-7");

    assertThat(placed.statusCode()).isEqualTo(200);
    assertThat(placed.body()).isEqualTo("order 7 placed");
    assertThat(placed.headers().firstValue("X-Request-Id")).hasValue("test-7");
    assertThat(get("/orders/count").body()).isNotEqualTo("0");
    assertThat(output.getOut()).contains("requestId=test-7 OrderController - order=7 received");
    assertThat(output.getOut()).contains("requestId=test-7 OrderController - order=7 priced");
    assertThat(output.getOut()).containsPattern("requestId=test-7 OrderController - order=7 saved as #\\d+ at 17.00");
    assertThat(output.getOut()).contains("order=7 audited");
    // The record carries the id to the listener with or without the agent: Baton's Kafka interceptors
    awaitOutput(output, "requestId=test-7 ShipmentListener - order=7 shipped");
  }

  @Test
  void aRequestWithoutAnIdIsGivenOne() throws Exception {
    HttpResponse<String> response = get("/prices/3");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("13.00");
    assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
  }

  @Test
  void theSweepRunsInNoRequest(CapturedOutput output) throws Exception {
    awaitOutput(output, "requestId=- Sweeper - sweep counted");
  }

  private static void awaitOutput(CapturedOutput output, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!output.getOut().contains(expected) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50); // polling another thread's output, bounded
    }
    assertThat(output.getOut()).contains(expected);
  }

  private HttpResponse<String> post(String path, String requestId) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("X-Request-Id", requestId)
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

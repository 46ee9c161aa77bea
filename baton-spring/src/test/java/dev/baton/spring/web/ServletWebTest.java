package dev.baton.spring.web;

import static dev.baton.spring.web.WebApps.LEFT_ON_THREADS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CapturedReports;
import dev.baton.servlet.Pipelined;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring MVC application on embedded Tomcat, with a ContextPropagation bean and nothing else of
 * Baton's ({@link JettyWebTest} runs the same cases on embedded Jetty).
 */
class ServletWebTest {

  static ConfigurableApplicationContext app;
  static int port;

  @BeforeAll
  static void start() {
    app = WebApps.start(WebApps.ServletApp.class, WebApplicationType.SERVLET);
    port = WebApps.port(app);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** The server the application runs on. */
  String server() {
    return "Tomcat";
  }

  @Test
  void theApplicationRunsOnItsServer() throws ReflectiveOperationException {
    Object server = app.getClass().getMethod("getWebServer").invoke(app);

    assertThat(server.getClass().getName()).contains(server());
  }

  @AfterEach
  void nothingWasLeftOnTheContainersThreads() {
    assertThat(LEFT_ON_THREADS.found).as("request ids seen by the filter before Baton's").isEmpty();
  }

  @Test
  void aRequestIsServedInTheStoresItsBaggageCarries() throws Exception {
    assertThat(Get.body(port, "/seen", "requestId=r-1")).isEqualTo("r-1, rendered in r-1");
    assertThat(Get.body(port, "/seen", null)).isEqualTo("none, rendered in none");
  }

  @Test
  void asynchronousResultsRunAndRenderInTheRequestsContext() throws Exception {
    assertThat(Get.body(port, "/callable", "requestId=r-callable"))
        .as("the Callable ran on Spring's executor, and its dispatch rendered it")
        .isEqualTo("callable in r-callable, rendered in r-callable");
    assertThat(Get.body(port, "/future", "requestId=r-future")).isEqualTo("future in r-future, rendered in r-future");
    assertThat(Get.body(port, "/deferred", "requestId=r-deferred"))
        .as("set from a thread with no request id; rendered on the async dispatch")
        .isEqualTo("deferred, rendered in r-deferred");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest-client", "rest-template", "rest-template-bean", "web-client"})
  void theStoresGoOutWithEachClientAndComeBackThroughASecondHop(String client) throws Exception {
    String expected =
        client.equals("web-client")
            ? "answered r-hop, rendered in r-hop (handled in r-hop) to r-hop, rendered in r-hop"
            : "answered r-hop, rendered in r-hop to r-hop, rendered in r-hop";

    assertThat(Get.body(port, "/hop/" + client, "requestId=r-hop")).isEqualTo(expected);
  }

  @Test
  void aRequestReadAfterAnAsynchronousOneOnTheSameConnectionStartsInNoOnesContext() throws Exception {
    // Pipelined: the container reads the second request in the task that ran the first one's
    // asynchronous dispatch, which the callable's thread asked for
    String exchanged =
        Pipelined.exchange(
            port,
            "GET /callable HTTP/1.1\r\nHost: localhost\r\nbaggage: requestId=r-first\r\n\r\n"
                + "GET /seen HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    assertThat(exchanged)
        .contains("callable in r-first, rendered in r-first")
        .contains("none, rendered in none")
        .doesNotContain("r-first, rendered in r-first\r\n");
  }

  @Test
  void malformedBaggageIsServedInTheServersOwnContextAndReported() throws Exception {
    CapturedReports reports = CapturedReports.of("dev.baton.ContextPropagation").start();
    try {
      assertThat(Get.body(port, "/seen", "requestId=%zz")).isEqualTo("none, rendered in none");
    } finally {
      reports.stop();
    }
    assertThat(reports.messages()).anySatisfy(message -> assertThat(message).contains("requestId"));
  }

  @Test
  void tenThousandConcurrentRequestsEachSeeTheirOwnStore() throws Exception {
    int requests = 10_000;
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<String>> answers = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      inFlight.acquire();
      String path = i % 2 == 0 ? "/seen" : "/callable";
      answers.add(Get.bodyAsync(port, path, "requestId=c-" + i).whenComplete((answer, failure) -> inFlight.release()));
    }
    CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
    for (int i = 0; i < requests; i++) {
      String id = "c-" + i;
      String expected = i % 2 == 0 ? id + ", rendered in " + id : "callable in " + id + ", rendered in " + id;
      assertThat(answers.get(i).join()).isEqualTo(expected);
    }
  }

  @Test
  void onePropertyTurnsTheFilterAndTheClientsOff() throws Exception {
    try (ConfigurableApplicationContext off =
        WebApps.start(WebApps.ServletApp.class, WebApplicationType.SERVLET, "baton.web.enabled=false")) {
      int offPort = WebApps.port(off);
      assertThat(Get.body(offPort, "/seen", "requestId=r-off")).isEqualTo("none, rendered in none");
      assertThat(off.getBeanNamesForType(org.springframework.boot.web.servlet.FilterRegistrationBean.class))
          .doesNotContain("batonContextFilter");
    }
  }

  @Test
  void aPropertyNamesTheStoresWhenTheApplicationDeclaresNoPropagation() throws Exception {
    try (ConfigurableApplicationContext named =
        WebApps.start(
            WebApps.PropertyApp.class,
            WebApplicationType.SERVLET,
            "baton.propagation.stores=dev.baton.spring.web.WebApps.REQUEST_ID")) {
      int namedPort = WebApps.port(named);
      assertThat(Get.body(namedPort, "/seen", "requestId=r-named")).isEqualTo("r-named");
      assertThat(Get.body(namedPort, "/hop/rest-client", "requestId=r-named")).isEqualTo("answered r-named to r-named");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dev.baton.spring.web.WebApps.NO_SUCH_FIELD|WebApps has no field NO_SUCH_FIELD",
        "com.example.Missing.REQUEST_ID|there is no class com.example.Missing",
        "dev.baton.spring.web.WebApps.NOT_A_STORAGE|the field is not a static AsyncLocalStorage",
        "REQUEST_ID|it is not a field reference",
        " , |names no storage"
      })
  void aWrongStoreInThePropertyStopsTheStartWithOneLineNamingIt(String caseAndMessage) {
    String[] parts = caseAndMessage.split("\\|");
    assertThatThrownBy(
            () ->
                WebApps.startFailing(
                    WebApps.PropertyApp.class, WebApplicationType.SERVLET, "baton.propagation.stores=" + parts[0]))
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .rootCause()
        .hasMessageStartingWith("baton.propagation.stores")
        .hasMessageContaining(parts[1]);
  }
}

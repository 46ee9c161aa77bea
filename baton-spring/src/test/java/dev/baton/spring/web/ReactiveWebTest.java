package dev.baton.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CapturedReports;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Hooks;

/** A WebFlux application on Reactor Netty, with a ContextPropagation bean and nothing else of Baton's. */
class ReactiveWebTest {

  private static ConfigurableApplicationContext app;
  private static int port;

  @BeforeAll
  static void start() {
    app = WebApps.start(WebApps.ReactiveApp.class, WebApplicationType.REACTIVE);
    port = WebApps.port(app);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aHandlerRunsInTheStoresItsBaggageCarries() throws Exception {
    assertThat(Get.body(port, "/seen", "requestId=r-1")).isEqualTo("r-1");
  }

  @Test
  void webClientsResponseIsHandledInTheRequestsContextAndItsStoresArriveAtTheSecondHop() throws Exception {
    assertThat(Get.body(port, "/hop", "requestId=r-hop")).isEqualTo("answered r-hop to r-hop");
  }

  @Test
  void operatorsAfterATimerSeeTheStoresWithReactorsAutomaticPropagation() throws Exception {
    Hooks.enableAutomaticContextPropagation();
    try {
      assertThat(Get.body(port, "/later", "requestId=r-later")).isEqualTo("later in r-later");
    } finally {
      Hooks.disableAutomaticContextPropagation();
    }
  }

  @Test
  void malformedBaggageIsServedInTheServersOwnContextAndReported() throws Exception {
    CapturedReports reports = CapturedReports.of("dev.baton.ContextPropagation").start();
    try {
      assertThat(Get.body(port, "/seen", "requestId=%zz")).isEqualTo("none");
    } finally {
      reports.stop();
    }
    assertThat(reports.messages()).anySatisfy(message -> assertThat(message).contains("requestId"));
  }

  @Test
  void tenThousandConcurrentRequestsEachSeeTheirOwnStoreAndNoneIsLeftOnTheEventLoops() throws Exception {
    int requests = 10_000;
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<String>> answers = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      inFlight.acquire();
      String path = i % 2 == 0 ? "/seen" : "/hop";
      answers.add(Get.bodyAsync(port, path, "requestId=c-" + i).whenComplete((answer, failure) -> inFlight.release()));
    }
    CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
    for (int i = 0; i < requests; i++) {
      String id = "c-" + i;
      assertThat(answers.get(i).join()).isEqualTo(i % 2 == 0 ? id : "answered " + id + " to " + id);
    }

    // Requests without baggage, served on the same event loops afterwards, find nothing there
    for (int i = 0; i < 200; i++) {
      assertThat(Get.body(port, "/seen", null)).isEqualTo("none");
    }
  }
}

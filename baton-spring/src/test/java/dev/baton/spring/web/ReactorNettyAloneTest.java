package dev.baton.spring.web;

import static dev.baton.spring.web.WebApps.REQUEST_ID;
import static dev.baton.spring.web.WebApps.seen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CapturedReports;
import dev.baton.ContextPropagation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The WebFlux filter and the WebClient filter on a Reactor Netty server of their own, without Spring Boot. */
class ReactorNettyAloneTest {

  private static final ContextPropagation PROPAGATION = ContextPropagation.builder().carry(REQUEST_ID).build();

  private static DisposableServer server;
  private static WebClient client;

  @BeforeAll
  static void start() {
    var routes = RouterFunctions.route(RequestPredicates.GET("/seen"), request -> ServerResponse.ok().bodyValue(seen()));
    var handler =
        WebHttpHandlerBuilder.webHandler(RouterFunctions.toWebHandler(routes)).filter(new ContextWebFilter(PROPAGATION)).build();
    server = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(handler)).bindNow(Duration.ofSeconds(10));
    client = WebClient.builder().baseUrl("http://127.0.0.1:" + server.port()).filter(new ContextExchangeFilter(PROPAGATION)).build();
  }

  @AfterAll
  static void stop() {
    server.disposeNow(Duration.ofSeconds(10));
  }

  @Test
  void aHandlerRunsInTheStoresItsBaggageCarries() throws Exception {
    assertThat(Get.body(server.port(), "/seen", "requestId=r-alone")).isEqualTo("r-alone");
    assertThat(Get.body(server.port(), "/seen", null)).isEqualTo("none");
  }

  @Test
  void malformedBaggageIsServedInTheServersOwnContextAndReported() throws Exception {
    CapturedReports reports = CapturedReports.of("dev.baton.ContextPropagation").start();
    try {
      assertThat(Get.body(server.port(), "/seen", "requestId=%zz")).isEqualTo("none");
    } finally {
      reports.stop();
    }
    assertThat(reports.messages()).anySatisfy(message -> assertThat(message).contains("requestId=%zz"));
  }

  @Test
  void aWebClientCalledFromAThreadInAContextSendsItsStoresAndHandlesTheResponseInIt() throws Exception {
    CompletableFuture<String> answered =
        REQUEST_ID.call(
            "r-caller",
            () ->
                client.get().uri("/seen").retrieve().bodyToMono(String.class)
                    .map(body -> "arrived " + body + ", handled in " + seen())
                    .toFuture());

    assertThat(answered.get(10, TimeUnit.SECONDS)).isEqualTo("arrived r-caller, handled in r-caller");
    assertThat(client.get().uri("/seen").retrieve().bodyToMono(String.class).map(body -> body + "/" + seen()).block(Duration.ofSeconds(10)))
        .as("a call made in no context, after")
        .isEqualTo("none/none");
  }

  @Test
  void aFailedExchangeIsHandledInTheCallersContext() throws Exception {
    WebClient nowhere = WebClient.builder().baseUrl("http://127.0.0.1:1").filter(new ContextExchangeFilter(PROPAGATION)).build();

    CompletableFuture<String> handled =
        REQUEST_ID.call(
            "r-failed",
            () ->
                nowhere.get().uri("/seen").retrieve().bodyToMono(String.class)
                    .onErrorResume(failure -> Mono.just("failed in " + seen()))
                    .toFuture());

    assertThat(handled.get(10, TimeUnit.SECONDS)).isEqualTo("failed in r-failed");
  }
}

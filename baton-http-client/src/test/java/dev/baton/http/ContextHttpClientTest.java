package dev.baton.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.servlet.Container;
import dev.baton.servlet.ContextFilter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK's client through two Tomcats on loopback, each with Baton's filter. */
class ContextHttpClientTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = Answering.REQUEST_ID;
  private static final ContextPropagation PROPAGATION = Answering.PROPAGATION;

  private final HttpClient client =
      ContextHttpClient.wrap(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), PROPAGATION);
  private Answering last;
  private Container first;

  @BeforeEach
  void start() throws Exception {
    last = new Answering();
    first =
        Container.tomcat()
            .filter("baton", new ContextFilter(PROPAGATION))
            .servlet("/hop", Answering.text(request -> {
              try {
                // The next hop, made by the first service inside the request it serves
                return "first:" + REQUEST_ID.getStore() + " last:" + client.send(get(last.uri("/store")), HttpResponse.BodyHandlers.ofString()).body();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
              }
            }))
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    first.close();
    last.close();
  }

  private static HttpRequest get(String uri) {
    return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build();
  }

  @Test
  void theCallersStoresReachBothHops() throws Exception {
    String answered = REQUEST_ID.call("r-1", () -> client.send(get("http://127.0.0.1:" + first.port() + "/hop"), HttpResponse.BodyHandlers.ofString()).body());

    assertThat(answered).isEqualTo("first:r-1 last:r-1");
  }

  @Test
  void aStageChainedBeforeTheResponseRunsInTheCallersContext() throws Exception {
    CompletableFuture<String> seen =
        REQUEST_ID.run(
            "r-async",
            () -> client.sendAsync(get(last.uri("/held")), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> REQUEST_ID.getStore() + " got " + response.body()));
    last.release(); // the stage is chained: the response may come

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("r-async got r-async");
  }

  @Test
  void theCallersBaggageReplacesAHeaderOfTheSameNameAndNoContextSendsNone() throws Exception {
    HttpRequest withItsOwn = HttpRequest.newBuilder(get(last.uri("/headers")), (name, value) -> true).header("baggage", "requestId=stale").build();

    assertThat(REQUEST_ID.call("r-2", () -> client.send(withItsOwn, HttpResponse.BodyHandlers.ofString()).body())).isEqualTo("requestId=r-2");
    assertThat(client.send(get(last.uri("/headers")), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("null");
  }

  @Test
  void aFailedExchangeFailsTheFutureInTheCallersContext() throws Exception {
    HttpRequest nowhere = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/")).timeout(Duration.ofSeconds(5)).build();

    CompletableFuture<String> seen =
        REQUEST_ID.run("r-fail", () -> client.sendAsync(nowhere, HttpResponse.BodyHandlers.ofString())
            .handle((response, failure) -> REQUEST_ID.getStore() + " " + (failure != null)));

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("r-fail true");
  }

  @Test
  void closingClosesTheWrappedClientOnJdksWhoseClientsClose() {
    ContextHttpClient wrapped = (ContextHttpClient) ContextHttpClient.wrap(HttpClient.newHttpClient(), PROPAGATION);

    wrapped.close();

    assertThat(wrapped.isTerminated()).isEqualTo(Runtime.version().feature() >= 21);
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    assertThatThrownBy(() -> ContextHttpClient.wrap(null, PROPAGATION)).isInstanceOf(NullPointerException.class).hasMessage("client");
    assertThatThrownBy(() -> ContextHttpClient.wrap(HttpClient.newHttpClient(), null)).isInstanceOf(NullPointerException.class).hasMessage("propagation");
    assertThatThrownBy(() -> client.send(null, HttpResponse.BodyHandlers.ofString())).isInstanceOf(NullPointerException.class).hasMessage("request");
  }
}

package dev.baton.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AsyncLocalStorage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Apache HttpClient 5, classic and async, against a Tomcat on loopback behind Baton's filter. */
class ApacheContextInterceptorTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = Answering.REQUEST_ID;

  private final ApacheContextInterceptor baton = new ApacheContextInterceptor(Answering.PROPAGATION);
  private final CloseableHttpClient classic = HttpClients.custom().addRequestInterceptorLast(baton).build();
  private final CloseableHttpAsyncClient async = HttpAsyncClients.custom().addExecInterceptorFirst("baton", baton).build();
  private Answering server;

  @BeforeEach
  void start() throws Exception {
    server = new Answering();
    async.start();
  }

  @AfterEach
  void stop() throws Exception {
    classic.close();
    async.close();
    server.close();
  }

  private String classicGet(String path) throws Exception {
    return classic.execute(new HttpGet(server.uri(path)), response -> EntityUtils.toString(response.getEntity()));
  }

  @Test
  void theClassicClientSendsTheCallersStoresAndReplacesAStaleHeader() throws Exception {
    HttpGet withItsOwn = new HttpGet(server.uri("/headers"));
    withItsOwn.setHeader("baggage", "requestId=stale");
    String stored = REQUEST_ID.call("r-classic", () -> classicGet("/store"));
    String replaced = REQUEST_ID.call("r-2", () -> classic.execute(withItsOwn, response -> EntityUtils.toString(response.getEntity())));

    assertThat(stored).isEqualTo("r-classic");
    assertThat(replaced).isEqualTo("requestId=r-2");
    assertThat(classicGet("/headers")).as("no context, no baggage").isEqualTo("null");
  }

  @Test
  void theAsyncClientSendsTheCallersStoresAndCallsBackInTheCallersContext() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    REQUEST_ID.run(
        "r-async",
        () ->
            async.execute(
                SimpleRequestBuilder.get(server.uri("/held")).build(),
                new FutureCallback<SimpleHttpResponse>() {
                  @Override
                  public void completed(SimpleHttpResponse response) {
                    seen.complete(REQUEST_ID.getStore() + " got " + response.getBodyText());
                  }

                  @Override
                  public void failed(Exception failure) {
                    seen.completeExceptionally(failure);
                  }

                  @Override
                  public void cancelled() {
                    seen.cancel(false);
                  }
                }));
    server.release();

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("r-async got r-async");
    assertThat(AsyncLocalStorage.snapshot().isCurrent()).isTrue();
  }

  @Test
  void aFailedAsyncExchangeCallsBackInTheCallersContext() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    REQUEST_ID.run(
        "r-fail",
        () ->
            async.execute(
                SimpleRequestBuilder.get("http://127.0.0.1:1/").build(),
                new FutureCallback<SimpleHttpResponse>() {
                  @Override
                  public void completed(SimpleHttpResponse response) {
                    seen.complete("completed");
                  }

                  @Override
                  public void failed(Exception failure) {
                    seen.complete(REQUEST_ID.getStore() + " failed");
                  }

                  @Override
                  public void cancelled() {
                    seen.complete("cancelled");
                  }
                }));

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("r-fail failed");
  }

  @Test
  void aNullPropagationIsRejectedByName() {
    assertThatThrownBy(() -> new ApacheContextInterceptor(null)).isInstanceOf(NullPointerException.class).hasMessage("propagation");
  }
}

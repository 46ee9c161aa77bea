package dev.baton.http;

import static dev.baton.http.Answering.PROPAGATION;
import static dev.baton.http.Answering.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OkHttp 5 against a Tomcat on loopback that answers with what each request carried. */
class ContextOkHttpClientTest {

  private static Answering server;
  private static OkHttpClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new Answering();
    client = new OkHttpClient.Builder().build();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Test
  void theInterceptorAloneSendsTheCallersStoresOnASynchronousCall() throws Exception {
    OkHttpClient intercepted = client.newBuilder().addInterceptor(new OkHttpContextInterceptor(PROPAGATION)).build();

    String arrived = REQUEST_ID.call("r-sync", () -> body(intercepted.newCall(get("/store")).execute()));

    assertThat(arrived).isEqualTo("r-sync");
    assertThat(body(intercepted.newCall(get("/headers")).execute())).as("no store, no header").isEqualTo("null");
  }

  @Test
  void anEnqueuedCallSendsItsCallersStoresAndCallsBackInTheCallersContext() throws Exception {
    Call.Factory calls = ContextOkHttpClient.wrap(client, PROPAGATION);
    CompletableFuture<String> seen = new CompletableFuture<>();

    REQUEST_ID.run("r-async", () -> calls.newCall(get("/store")).enqueue(recording(seen)));

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("arrived r-async, called back in r-async on OkHttp");
  }

  @Test
  void aCallPromotedFromAnotherCallsThreadStillSendsItsOwnCallersStores() throws Exception {
    // One request at a time: the second call waits, and is started by the first one's thread
    Dispatcher one = new Dispatcher();
    one.setMaxRequests(1);
    OkHttpClient serial = client.newBuilder().dispatcher(one).build();
    Call.Factory calls = ContextOkHttpClient.wrap(serial, PROPAGATION);
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    try (Answering held = new Answering()) {
      REQUEST_ID.run("r-first", () -> calls.newCall(new Request.Builder().url(held.uri("/held")).build()).enqueue(recording(first)));
      REQUEST_ID.run("r-second", () -> calls.newCall(new Request.Builder().url(held.uri("/store")).build()).enqueue(recording(second)));
      assertThat(one.runningCallsCount() + one.queuedCallsCount()).isEqualTo(2);
      held.release();

      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("arrived r-first, called back in r-first on OkHttp");
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("arrived r-second, called back in r-second on OkHttp");
    } finally {
      one.executorService().shutdown();
    }
  }

  @Test
  void aFailureIsCalledBackInTheCallersContextAndTheThreadIsCleanAfter() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Call.Factory calls = ContextOkHttpClient.wrap(client, PROPAGATION);
    CompletableFuture<String> failed = new CompletableFuture<>();
    CompletableFuture<String> afterwards = new CompletableFuture<>();

    REQUEST_ID.run(
        "r-failed",
        () ->
            calls.newCall(new Request.Builder().url("http://127.0.0.1:" + closedPort + "/").build())
                .enqueue(
                    new Callback() {
                      @Override
                      public void onResponse(Call call, Response response) {
                        response.close();
                        failed.complete("answered");
                      }

                      @Override
                      public void onFailure(Call call, IOException failure) {
                        failed.complete("failed in " + REQUEST_ID.getStore());
                      }
                    }));
    assertThat(failed.get(10, TimeUnit.SECONDS)).isEqualTo("failed in r-failed");

    // A call made in no context, on the same threads afterwards, finds nothing left there
    calls.newCall(get("/store")).enqueue(recording(afterwards));
    assertThat(afterwards.get(10, TimeUnit.SECONDS)).isEqualTo("arrived null, called back in null on OkHttp");
  }

  @Test
  void aCallKeepsItsCallerThroughClone() throws Exception {
    Call.Factory calls = ContextOkHttpClient.wrap(client, PROPAGATION);
    Call original = REQUEST_ID.call("r-clone", () -> calls.newCall(get("/store")));
    CompletableFuture<String> seen = new CompletableFuture<>();

    original.clone().enqueue(recording(seen));

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("arrived r-clone, called back in r-clone on OkHttp");
    assertThat(original.isExecuted()).isFalse();
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    assertThatThrownBy(() -> ContextOkHttpClient.wrap(null, PROPAGATION)).hasMessage("client");
    assertThatThrownBy(() -> ContextOkHttpClient.wrap(client, null)).hasMessage("propagation");
    assertThatThrownBy(() -> new OkHttpContextInterceptor(null)).hasMessage("propagation");
  }

  private static Request get(String path) {
    return new Request.Builder().url(server.uri(path)).build();
  }

  private static String body(Response response) throws IOException {
    try (response) {
      return response.body().string();
    }
  }

  /** Completes {@code seen} with what arrived, and the context and thread the callback ran in. */
  private static Callback recording(CompletableFuture<String> seen) {
    return new Callback() {
      @Override
      public void onResponse(Call call, Response response) throws IOException {
        String arrived = body(response);
        String thread = Thread.currentThread().getName().startsWith("OkHttp") ? "OkHttp" : Thread.currentThread().getName();
        seen.complete("arrived " + arrived + ", called back in " + REQUEST_ID.getStore() + " on " + thread);
      }

      @Override
      public void onFailure(Call call, IOException failure) {
        seen.completeExceptionally(failure);
      }
    };
  }
}

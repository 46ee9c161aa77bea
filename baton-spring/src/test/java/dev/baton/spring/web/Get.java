package dev.baton.spring.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Requests from outside the application, with the JDK's client and a baggage header of the test's choosing. */
final class Get {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private Get() {}

  static String body(int port, String path, String baggage) throws Exception {
    HttpResponse<String> response = CLIENT.send(request(port, path, baggage), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  static CompletableFuture<String> bodyAsync(int port, String path, String baggage) {
    return CLIENT.sendAsync(request(port, path, baggage), HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw new AssertionError(path + " with baggage " + baggage + " failed", failure);
              }
              if (response.statusCode() != 200) {
                throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
              }
              return response.body();
            });
  }

  private static HttpRequest request(int port, String path, String baggage) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    if (baggage != null) {
      request.header("baggage", baggage);
    }
    return request.build();
  }
}

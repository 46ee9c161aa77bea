package dev.baton.reliability;

import dev.baton.AsyncLocalStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongPredicate;

/**
 * An in-JVM HTTP load on {@link HopServer}: each request carries its own id in {@code
 * x-request-id}, is sent from inside a {@code run} with that id, and is checked twice: the body
 * must echo the id (the server's last hop saw it), and the callback of {@code sendAsync} must see
 * it too (the client's own hop through the HTTP client's threads).
 */
public final class HttpLoad {

  private static final String CLIENT_STORE_ID = "client";
  private static final AsyncLocalStorage<String> CLIENT_REQUEST =
      new AsyncLocalStorage<>(CLIENT_STORE_ID);
  private static final int EXAMPLES = 10;

  /** One client's selector thread caps its throughput; the load spreads over a few. */
  private static final int CLIENTS = 4;

  private final HttpClient[] clients = new HttpClient[CLIENTS];
  private final URI uri;
  private final int concurrency;
  private final LongAdder ok = new LongAdder();
  private final LongAdder wrongEcho = new LongAdder();
  private final LongAdder clientMixUps = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final List<String> examples = new CopyOnWriteArrayList<>();

  /**
   * A load on {@code port} of the loopback interface.
   *
   * @param port the server's port
   * @param concurrency requests in flight at once
   */
  public HttpLoad(int port, int concurrency) {
    for (int i = 0; i < CLIENTS; i++) {
      clients[i] =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    }
    this.uri = URI.create("http://127.0.0.1:" + port + "/");
    this.concurrency = concurrency;
  }

  /**
   * Sends requests until {@code more} says stop, given how many were sent, then waits for the
   * ones in flight.
   *
   * @param more whether to send request number n
   * @return the number sent
   * @throws InterruptedException if interrupted while waiting for a slot or the last responses
   */
  public long run(LongPredicate more) throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    long sent = 0;
    while (more.test(sent)) {
      slots.acquire();
      String id = "c-" + sent;
      HttpClient client = clients[(int) (sent % CLIENTS)];
      CLIENT_REQUEST.run(id, () -> send(client, id, slots));
      sent++;
    }
    if (!slots.tryAcquire(concurrency, 60, TimeUnit.SECONDS)) {
      errors.add(concurrency - slots.availablePermits());
      example("responses still missing after 60 s: " + (concurrency - slots.availablePermits()));
    }
    return sent;
  }

  private void send(HttpClient client, String id, Semaphore slots) {
    HttpRequest request =
        HttpRequest.newBuilder(uri).header("x-request-id", id).timeout(Duration.ofSeconds(30)).build();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenAccept(
            response -> {
              String seen = CLIENT_REQUEST.getStore();
              if (!id.equals(seen)) {
                clientMixUps.increment();
                example("client callback: expected " + id + ", saw " + seen);
              }
              if (response.statusCode() != 200) {
                errors.increment();
                example("status " + response.statusCode() + ": " + response.body());
              } else if (!id.equals(response.body())) {
                wrongEcho.increment();
                example("echo: expected " + id + ", got " + response.body());
              } else {
                ok.increment();
              }
            })
        .whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                errors.increment();
                example(failure.toString());
              }
              slots.release();
            });
  }

  private void example(String text) {
    if (examples.size() < EXAMPLES) {
      examples.add(text);
    }
  }

  /** Requests answered with their own id and seen with it by their callback. */
  public long ok() {
    return ok.sum();
  }

  /** Responses that echoed another request's id. */
  public long wrongEcho() {
    return wrongEcho.sum();
  }

  /** Client callbacks that saw another request's id, or none. */
  public long clientMixUps() {
    return clientMixUps.sum();
  }

  /** Failed requests and non-200 responses. */
  public long errors() {
    return errors.sum();
  }

  /** The first few failures, for the report. */
  public List<String> examples() {
    return List.copyOf(examples);
  }

  @Override
  public String toString() {
    return "ok="
        + ok()
        + " wrongEcho="
        + wrongEcho()
        + " clientMixUps="
        + clientMixUps()
        + " errors="
        + errors()
        + (examples.isEmpty() ? "" : " examples=" + examples);
  }
}

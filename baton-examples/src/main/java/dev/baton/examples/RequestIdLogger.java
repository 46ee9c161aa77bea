package dev.baton.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.AsyncLocalStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The request-id HTTP logger of Node's {@code AsyncLocalStorage} page: every line logged while
 * handling a request carries that request's id, including lines logged after an asynchronous hop.
 *
 * <p>With no arguments it starts on 127.0.0.1, sends itself the page's two requests, prints the
 * page's four lines and exits:
 *
 * <pre>
 * 0: start
 * 1: start
 * 0: finish
 * 1: finish
 * </pre>
 *
 * With {@code --port N} it keeps serving on 127.0.0.1:N and logs every request it receives.
 */
public final class RequestIdLogger {

  private static final AsyncLocalStorage<Integer> asyncLocalStorage =
      new AsyncLocalStorage<>("requestId");

  private final EventLoop loop;
  private final PrintStream out;
  private int idSeq; // only touched on the loop

  private RequestIdLogger(EventLoop loop, PrintStream out) {
    this.loop = loop;
    this.out = out;
  }

  private void logWithId(String msg) {
    Integer id = asyncLocalStorage.getStore();
    out.println((id != null ? id : "-") + ": " + msg);
  }

  private void handle(HttpExchange exchange) {
    asyncLocalStorage.run(
        idSeq++,
        () -> {
          logWithId("start");
          // Imagine any chain of async operations here
          loop.setImmediate(
              () -> {
                logWithId("finish");
                end(exchange);
              });
        });
  }

  private static void end(HttpExchange exchange) {
    try {
      exchange.sendResponseHeaders(200, -1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      exchange.close();
    }
  }

  /**
   * Runs the example.
   *
   * @param args none for the demo, or {@code --port N} to keep serving on that port; a wrong
   *     argument, a port already taken or a failing demo is one line on standard error and a
   *     non-zero exit status
   */
  public static void main(String[] args) {
    CommandLine.run("RequestIdLogger", args, RequestIdLogger::serve, RequestIdLogger::demo);
  }

  /**
   * Starts the server, sends it the page's two requests at once, waits for both responses and
   * stops.
   *
   * @param out where the log lines go
   * @throws Exception if a request fails or does not complete within ten seconds
   */
  public static void demo(PrintStream out) throws Exception {
    CountDownLatch bothRequestsQueued = new CountDownLatch(2);
    try (EventLoop loop = new EventLoop("event-loop")) {
      HttpServer server =
          start(
              0,
              loop,
              out,
              callback -> {
                loop.execute(callback);
                bothRequestsQueued.countDown();
              });
      try {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        CompletableFuture<HttpResponse<Void>> first =
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        CompletableFuture<HttpResponse<Void>> second =
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        // Node prints the page's order because both requests reach its loop in the same poll
        // phase; starting the loop once both are queued makes that deterministic here.
        if (!bothRequestsQueued.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the two requests did not reach the server");
        }
        loop.start();
        CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);
      } finally {
        server.stop(0);
      }
    }
  }

  /**
   * Serves on 127.0.0.1:{@code port} until the process is stopped.
   *
   * @param port the port, 0 for any free one
   * @param out where the log lines go
   * @throws IOException if the server cannot start
   */
  public static void serve(int port, PrintStream out) throws IOException {
    EventLoop loop = new EventLoop("event-loop");
    loop.start();
    HttpServer server;
    try {
      server = start(port, loop, out, loop);
    } catch (Throwable failed) {
      loop.close(); // nothing is left running of a server that did not start
      throw failed;
    }
    System.err.println("listening on http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private static HttpServer start(
      int port, EventLoop loop, PrintStream out, java.util.concurrent.Executor dispatch)
      throws IOException {
    RequestIdLogger logger = new RequestIdLogger(loop, out);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", logger::handle);
    server.setExecutor(dispatch);
    server.start();
    return server;
  }
}

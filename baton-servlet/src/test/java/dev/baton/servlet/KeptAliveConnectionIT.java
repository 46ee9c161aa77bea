package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Under the agent, with no filter of Baton's: a container serves the requests of one connection
 * one after the other, in a task that carries the context of whoever handed it over; the next
 * request must not start in the previous one's.
 */
class KeptAliveConnectionIT {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  static Stream<Supplier<Container>> containers() {
    return ContextFilterTest.containers();
  }

  @ParameterizedTest
  @MethodSource("containers")
  void aRequestReadAfterAnAsynchronousOneCompletedElsewhereStartsInNoOnesContext(Supplier<Container> containers)
      throws Exception {
    try (Container container =
        containers.get().servlet("/async", new CompletedOnAnotherThread()).servlet("/seen", new Seen()).start()) {
      // Pipelined: the second request is read by the task the first one's completion handed over
      String exchanged =
          Pipelined.exchange(
              container.port(),
              "GET /async HTTP/1.1\r\nHost: localhost\r\n\r\n"
                  + "GET /seen HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

      assertThat(exchanged).contains("completed in first").contains("seen: null").doesNotContain("seen: first");
    }
  }

  @ParameterizedTest
  @MethodSource("containers")
  void anAsynchronousDispatchOfARequestReadAfterAnotherStartsInNoOnesContext(Supplier<Container> containers)
      throws Exception {
    try (Container container =
        containers
            .get()
            .servlet("/dispatched-elsewhere", new DispatchedFromAThreadInAStore())
            .servlet("/dispatched-at-once", new DispatchedAtOnce())
            .servlet("/seen", new Seen())
            .start()) {
      // The second request, and then its dispatch, are served by the task the first one's
      // dispatch handed over, which carries the dispatching thread's store
      String exchanged =
          Pipelined.exchange(
              container.port(),
              "GET /dispatched-elsewhere HTTP/1.1\r\nHost: localhost\r\n\r\n"
                  + "GET /dispatched-at-once HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

      // Both dispatches start in no one's context (a filter such as ContextFilter puts a
      // request's own back): neither the dispatching thread's store nor the task's reaches them
      assertThat(exchanged).doesNotContain("seen: first");
      assertThat(exchanged.split("seen: null", -1)).hasSize(3);
    }
  }

  /** Dispatches the request to {@code /seen} from a thread of its own, started in a store. */
  private static final class DispatchedFromAThreadInAStore extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      AsyncContext async = request.startAsync();
      // Under the agent, a thread starts in its starter's context
      REQUEST_ID.run("first", () -> new Thread(() -> async.dispatch("/seen")).start());
    }
  }

  /** Dispatches the request to {@code /seen} before returning: the container runs the dispatch next. */
  private static final class DispatchedAtOnce extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      request.startAsync().dispatch("/seen");
    }
  }

  /** Sets the request's store, and completes it from a task of the container's, in that store. */
  private static final class CompletedOnAnotherThread extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      AsyncContext async = request.startAsync();
      REQUEST_ID.run(
          "first",
          () ->
              async.start(
                  () -> {
                    try {
                      write(response, "completed in " + REQUEST_ID.getStore());
                    } finally {
                      async.complete();
                    }
                  }));
    }
  }

  private static final class Seen extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      write(response, "seen: " + REQUEST_ID.getStore());
    }
  }

  private static void write(HttpServletResponse response, String body) {
    try {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      response.setContentType("text/plain");
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    } catch (IOException failed) {
      throw new IllegalStateException(failed);
    }
  }
}

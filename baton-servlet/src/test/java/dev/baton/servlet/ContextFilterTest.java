package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AsyncLocalStorage;
import dev.baton.Snapshot;
import dev.baton.CapturedReports;
import dev.baton.ContextPropagation;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The filter on Tomcat 11 and Jetty 12, on loopback, through the JDK's HTTP client. */
class ContextFilterTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  /** What the propagation reports as malformed. */
  private final List<String> malformed = new CopyOnWriteArrayList<>();

  private final ContextPropagation propagation =
      ContextPropagation.builder().carry(REQUEST_ID).onMalformed(malformed::add).build();

  /** What an outer filter saw on the container's thread once the request was over. */
  private final List<String> leftOnContainerThreads = new CopyOnWriteArrayList<>();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private Container container;

  static Stream<Supplier<Container>> containers() {
    return Stream.of(named(Container::tomcat, "Tomcat"), named(Container::jetty, "Jetty"));
  }

  private static Supplier<Container> named(Supplier<Container> supplier, String name) {
    return new Supplier<>() {
      @Override
      public Container get() {
        return supplier.get();
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  @AfterEach
  void stop() throws Exception {
    if (container != null) {
      container.close();
    }
    assertThat(leftOnContainerThreads).as("stores left on container threads after their request").isEmpty();
  }

  /** The container, the filter behind one that checks the thread afterwards, and the servlets. */
  private void start(Supplier<Container> kind) throws Exception {
    Filter afterwards =
        (request, response, chain) -> {
          try {
            chain.doFilter(request, response);
          } finally {
            String left = REQUEST_ID.getStore();
            if (left != null) {
              leftOnContainerThreads.add(left);
            }
          }
        };
    container =
        kind.get()
            .filter("afterwards", afterwards)
            .filter("baton", new ContextFilter(propagation))
            .servlet("/store", text(request -> String.valueOf(REQUEST_ID.getStore())))
            .servlet("/throws", new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException {
                throw new ServletException("handler failed for " + REQUEST_ID.getStore());
              }
            })
            .servlet("/async-start", new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                AsyncContext async = request.startAsync();
                async.start(() -> {
                  write(async, "started:" + REQUEST_ID.getStore());
                  async.complete();
                });
              }
            })
            .servlet("/async-dispatch", new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                AsyncContext async = request.startAsync();
                // Dispatched from a thread of the application's own, in no context (under the
                // agent a thread starts in its starter's, hence started in an empty one)
                Thread dispatcher = new Thread(() -> async.dispatch("/store"), "dispatcher");
                Snapshot.empty().run(dispatcher::start);
              }
            })
            .start();
  }

  private static HttpServlet text(java.util.function.Function<HttpServletRequest, String> body) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(body.apply(request));
      }
    };
  }

  private static void write(AsyncContext async, String body) {
    try {
      async.getResponse().setContentType("text/plain");
      async.getResponse().getWriter().write(body);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private HttpResponse<String> get(String path, String baggage) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + container.port() + path)).timeout(Duration.ofSeconds(10));
    if (baggage != null) {
      request.header("baggage", baggage);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void aRequestRunsInTheContextItsHeadersCarry(Supplier<Container> kind) throws Exception {
    start(kind);

    assertThat(get("/store", "requestId=r-1").body()).isEqualTo("r-1");
    assertThat(get("/store", null).body()).as("a request without baggage").isEqualTo("null");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void malformedBaggageIsServedInTheContainersOwnContextAndReported(Supplier<Container> kind) throws Exception {
    start(kind);

    assertThat(get("/store", "requestId=%ZZ").body()).isEqualTo("null");
    assertThat(malformed).singleElement().asString().contains("requestId");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void aHandlerThatThrowsLeavesTheContainerThreadInItsOwnContext(Supplier<Container> kind) throws Exception {
    start(kind);
    // Tomcat logs what the servlet threw: kept here, to be asserted
    CapturedReports tomcat = CapturedReports.of("org.apache.catalina.core").start();
    try {
      assertThat(get("/throws", "requestId=r-fail").statusCode()).isEqualTo(500);
    } finally {
      tomcat.stop();
    }

    assertThat(get("/store", null).body()).isEqualTo("null");
    if (kind.toString().equals("Tomcat")) {
      assertThat(tomcat.records())
          .singleElement()
          .satisfies(record -> assertThat(record.getThrown()).hasMessage("handler failed for r-fail"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void aTaskStartedWithAsyncContextStartRunsInTheRequestsContext(Supplier<Container> kind) throws Exception {
    start(kind);

    assertThat(get("/async-start", "requestId=r-async").body()).isEqualTo("started:r-async");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void anAsyncDispatchRunsInTheRequestsContextAgain(Supplier<Container> kind) throws Exception {
    start(kind);

    assertThat(get("/async-dispatch", "requestId=r-dispatch").body()).isEqualTo("r-dispatch");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void concurrentRequestsEachSeeTheirOwnStore(Supplier<Container> kind) throws Exception {
    start(kind);
    int requests = 2_000;
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      assertThat(inFlight.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + container.port() + "/store"))
              .header("baggage", "requestId=r-" + i)
              .timeout(Duration.ofSeconds(30))
              .build();
      answers.add(
          client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .thenApply(HttpResponse::body)
              .whenComplete((body, failure) -> inFlight.release()));
    }
    for (int i = 0; i < requests; i++) {
      assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("r-" + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void aNullPropagationIsRejectedByName(Supplier<Container> kind) {
    assertThatThrownBy(() -> new ContextFilter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("propagation");
  }
}

package dev.baton.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two HTTP hops on loopback: test client, then server A, which calls server B. */
class TwoHopHttpTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final AsyncLocalStorage<Integer> PRIORITY = new AsyncLocalStorage<>("priority");
  private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
  private static final ContextPropagation PROPAGATION =
      ContextPropagation.builder()
          .carry(REQUEST_ID)
          .carry(PRIORITY, String::valueOf, Integer::valueOf)
          .onMalformed(REPORTS::add)
          .build();

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider tracing =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final Tracer tracer = tracing.get("two-hops");
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ExecutorService serverThreads = Executors.newFixedThreadPool(2);
  private final Map<String, String> seenByB = new ConcurrentHashMap<>();
  private HttpServer serverA;
  private HttpServer serverB;

  @BeforeEach
  void start() throws IOException {
    serverB = server("b", exchange -> {
      seenByB.put("requestId", String.valueOf(REQUEST_ID.getStore()));
      seenByB.put("priority", String.valueOf(PRIORITY.getStore()));
      seenByB.put("traceId", Span.current().getSpanContext().getTraceId());
      seenByB.put("baggage", String.valueOf(Baggage.current().getEntryValue("origin")));
      return "b saw " + REQUEST_ID.getStore();
    });
    serverA = server("a", exchange -> "a then " + send(serverB, "/"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    serverA.stop(0);
    serverB.stop(0);
    serverThreads.shutdownNow();
    assertThat(serverThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    tracing.close();
  }

  @Test
  void storesAndTheTraceCrossTwoProcessBoundaries() {
    Span root = tracer.spanBuilder("client").setSpanKind(SpanKind.CLIENT).startSpan();
    String body;
    try (Scope scope = root.makeCurrent();
        Scope baggage = Baggage.builder().put("origin", "test").build().makeCurrent()) {
      body = REQUEST_ID.run("r-42", () -> PRIORITY.run(7, () -> send(serverA, "/")));
    } finally {
      root.end();
    }

    assertThat(body).isEqualTo("a then b saw r-42");
    String traceId = root.getSpanContext().getTraceId();
    assertThat(seenByB)
        .containsEntry("requestId", "r-42")
        .containsEntry("priority", "7")
        .containsEntry("traceId", traceId)
        .containsEntry("baggage", "test");
    Map<String, SpanData> byName = new HashMap<>();
    for (SpanData span : spans.getFinishedSpanItems()) {
      byName.put(span.getName(), span);
    }
    assertThat(byName).containsOnlyKeys("client", "a", "b");
    assertThat(byName.values()).allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(traceId));
    assertThat(byName.get("a").getParentSpanId()).isEqualTo(root.getSpanContext().getSpanId());
    assertThat(byName.get("b").getParentSpanId()).isEqualTo(byName.get("a").getSpanId());
  }

  @Test
  void aRequestWithoutHeadersRunsWithNoStoreAndANewTrace() {
    String body = send(serverB, "/");

    assertThat(body).isEqualTo("b saw null");
    assertThat(seenByB).containsEntry("requestId", "null").containsEntry("priority", "null");
    assertThat(spans.getFinishedSpanItems())
        .singleElement()
        .satisfies(span -> assertThat(span.getParentSpanContext().isValid()).isFalse());
  }

  @Test
  void theTraceContextExtensionIsFoundWithoutBeingNamed() {
    assertThat(PROPAGATION.fields()).containsExactly("baggage", "traceparent", "tracestate");
  }

  @Test
  void aValueTheDecoderRejectsIsLeftOutAndReportedAndTheRequestIsServed() {
    REPORTS.clear();
    String body =
        send(serverB, "/", request -> request.header("baggage", "priority=high,requestId=r-9"));

    assertThat(body).isEqualTo("b saw r-9");
    assertThat(seenByB).containsEntry("priority", "null");
    assertThat(REPORTS).singleElement().asString().contains("decoder of \"priority\" rejected a value");
  }

  private HttpServer server(String name, Function<HttpExchange, String> handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(serverThreads);
    server.createContext(
        "/",
        exchange ->
            PROPAGATION
                .extract(exchange.getRequestHeaders())
                .run(
                    () -> {
                      Span span =
                          tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER).startSpan();
                      byte[] body;
                      try (Scope scope = span.makeCurrent()) {
                        body = handler.apply(exchange).getBytes(StandardCharsets.UTF_8);
                      } finally {
                        span.end();
                      }
                      try (exchange) {
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    }));
    server.start();
    return server;
  }

  private String send(HttpServer server, String path) {
    return send(server, path, request -> PROPAGATION.inject(request, HttpRequest.Builder::setHeader));
  }

  private String send(HttpServer server, String path, Consumer<HttpRequest.Builder> headers) {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    headers.accept(builder);
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

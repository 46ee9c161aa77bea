package dev.baton.smoke;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.AsyncLocalStorage;
import java.lang.ref.WeakReference;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Under the agent, the lasting threads libraries start lazily, inside whichever request first
 * needed them, run in no one's context: none of their log lines carries the request's store, and
 * the store is collected once the request is over while the library runs on.
 */
class LibraryThreadsIT {

  private static final AsyncLocalStorage<Payload> REQUEST = new AsyncLocalStorage<>("request");

  private final Lines lines = new Lines();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void record() {
    lines.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    lines.start();
    root.addAppender(lines);
  }

  @AfterEach
  void stopRecording() {
    root.detachAppender(lines);
    lines.stop();
  }

  @Test
  void kafkasProducerIoThreadStartedInARequestLogsInNoOnesContext() throws Exception {
    level("org.apache.kafka", Level.INFO);
    Payload payload = new Payload();
    WeakReference<Payload> store = new WeakReference<>(payload);
    String nobody;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = "127.0.0.1:" + closed.getLocalPort();
    }
    // The producer, and its I/O thread, made inside a request
    KafkaProducer<String, String> producer =
        REQUEST.run(
            payload,
            () ->
                new KafkaProducer<>(
                    Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, nobody,
                        ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, 10,
                        ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 50),
                    new StringSerializer(),
                    new StringSerializer()));
    payload = null;
    try {
      // Its I/O thread warns of the broker it cannot reach, again and again
      List<Line> ioThread = lines.await(line -> line.thread().startsWith("kafka-producer-network-thread"), 2);

      assertThat(ioThread).allSatisfy(line -> assertThat(line.inRequest()).as(line.toString()).isFalse());
      assertThat(collected(store)).as("the request's store is collected while the producer runs").isTrue();
    } finally {
      producer.close(Duration.ZERO);
    }
  }

  @Test
  void hikarisHousekeeperAndConnectionAdderStartedInARequestLogInNoOnesContext() throws Exception {
    level("com.zaxxer.hikari", Level.DEBUG);
    Payload payload = new Payload();
    WeakReference<Payload> store = new WeakReference<>(payload);
    HikariDataSource dataSource = new HikariDataSource();
    try {
      dataSource.setJdbcUrl("jdbc:h2:mem:housekeeping");
      dataSource.setPoolName("RequestMadePool");
      dataSource.setMinimumIdle(2);
      dataSource.setMaximumPoolSize(4);
      // The pool is created on the first connection asked for: here, inside a request
      REQUEST.run(payload, () -> {
        try (Connection connection = dataSource.getConnection()) {
          assertThat(connection.isValid(1)).isTrue();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      payload = null;

      List<Line> own =
          lines.await(line -> line.thread().startsWith("RequestMadePool") && line.message().contains("stats (total="), 2);
      lines.await(line -> line.thread().startsWith("RequestMadePool:connection-adder"), 1);

      assertThat(own).allSatisfy(line -> assertThat(line.inRequest()).as(line.toString()).isFalse());
      assertThat(lines.of(line -> line.thread().startsWith("RequestMadePool")))
          .allSatisfy(line -> assertThat(line.inRequest()).as(line.toString()).isFalse());
      assertThat(collected(store)).as("the request's store is collected while the pool runs").isTrue();
    } finally {
      dataSource.close();
    }
  }

  @Test
  void aJdkHttpClientBuiltInARequestKeepsNothingOfIt() throws Exception {
    Payload payload = new Payload();
    WeakReference<Payload> store = new WeakReference<>(payload);
    // Building the client starts its selector thread, which lives as long as the client
    HttpClient client = REQUEST.run(payload, () -> HttpClient.newHttpClient());
    payload = null;

    assertThat(collected(store)).as("the request's store is collected while the client lives").isTrue();
    assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_2);
  }

  @Test
  void logbacksAsyncAppenderStartedInARequestAppendsLaterEventsInTheirOwnContext() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Lines behind = new Lines();
    behind.setContext(context);
    behind.start();
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("started-in-a-request");
    async.addAppender(behind);
    Payload payload = new Payload();
    WeakReference<Payload> store = new WeakReference<>(payload);
    // Its worker thread starts with the appender: here, inside a request
    REQUEST.run(payload, async::start);
    payload = null;
    Logger logger = context.getLogger("after.the.request");
    logger.setAdditive(false);
    logger.addAppender(async);
    try {
      logger.info("logged in no request");

      List<Line> appended = behind.await(line -> line.message().equals("logged in no request"), 1);

      assertThat(appended.get(0).thread()).startsWith("AsyncAppender-Worker");
      assertThat(appended.get(0).inRequest()).isFalse();
      assertThat(collected(store)).as("the request's store is collected while the appender runs").isTrue();
    } finally {
      logger.detachAppender(async);
      async.stop();
    }
  }

  @Test
  void reactorsBoundedElasticSchedulerMadeInARequestKeepsNothingOfIt() throws Exception {
    Payload payload = new Payload();
    WeakReference<Payload> store = new WeakReference<>(payload);
    CompletableFuture<Boolean> taskSawItsRequest = new CompletableFuture<>();
    // Made and first used inside a request: its workers and its evictor start there
    Scheduler scheduler =
        REQUEST.run(
            payload,
            () -> {
              Scheduler made = Schedulers.newBoundedElastic(2, 100, "request-made", 1);
              made.schedule(() -> taskSawItsRequest.complete(REQUEST.getStore() != null));
              return made;
            });
    payload = null;
    try {
      assertThat(taskSawItsRequest.get(10, SECONDS)).as("the request's own task sees it").isTrue();
      assertThat(collected(store)).as("the request's store is collected while the scheduler lives").isTrue();
    } finally {
      scheduler.dispose();
    }
  }

  @Test
  void okHttpsTaskRunnerStartedInARequestKeepsNothingOfIt() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, 2);
          exchange.getResponseBody().write("ok".getBytes(StandardCharsets.US_ASCII));
          exchange.close();
        });
    server.start();
    try {
      Payload payload = new Payload();
      WeakReference<Payload> store = new WeakReference<>(payload);
      OkHttpClient client = new OkHttpClient();
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      // The connection goes back to the pool, whose cleanup starts the task runner's thread
      String body =
          REQUEST.call(
              payload,
              () -> {
                try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
                  return response.body().string();
                }
              });
      payload = null;

      assertThat(body).isEqualTo("ok");
      assertThat(collected(store)).as("the request's store is collected while the client lives").isTrue();
      client.connectionPool().evictAll();
      client.dispatcher().executorService().shutdown();
    } finally {
      server.stop(0);
    }
  }

  private static void level(String logger, Level level) {
    ((Logger) LoggerFactory.getLogger(logger)).setLevel(level);
  }

  private static boolean collected(WeakReference<?> reference) throws InterruptedException {
    for (int i = 0; i < 100 && reference.get() != null; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(20); // gives reference processing its turn; bounded
    }
    return reference.get() == null;
  }

  /** A request's store, large enough that keeping it would matter. */
  private static final class Payload {
    @SuppressWarnings("unused")
    private final byte[] bytes = new byte[4 << 20];
  }

  /** A line as appended: its thread, and whether a request's store was current there. */
  record Line(String thread, boolean inRequest, String message) {}

  /** Records every event appended, in the context of the thread appending it. */
  private static final class Lines extends AppenderBase<ILoggingEvent> {
    private final List<Line> seen = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      seen.add(new Line(Thread.currentThread().getName(), REQUEST.getStore() != null, event.getFormattedMessage()));
    }

    List<Line> of(Predicate<Line> which) {
      return seen.stream().filter(which).toList();
    }

    /** Waits (at most 30 s) until {@code count} lines match, and returns those that do. */
    List<Line> await(Predicate<Line> which, int count) throws InterruptedException {
      long deadline = System.nanoTime() + SECONDS.toNanos(30);
      while (of(which).size() < count && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(20); // polling the library's own threads' output, bounded
      }
      List<Line> matching = of(which);
      assertThat(matching).as("lines logged by the library's thread").hasSizeGreaterThanOrEqualTo(count);
      return matching;
    }
  }
}

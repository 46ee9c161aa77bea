package dev.baton.log4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextExecutors;
import dev.baton.internal.state.IntegrationStorages;
import dev.baton.log4j.LoggingSetup.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.util.StringMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What real Log4j output shows: named stores and the {@code ThreadContext} map in {@code %X} and
 * JSON layouts, read where the event was logged also when another thread writes it. Executors are
 * wrapped here; {@code AgentThreadContextIT} runs plain ones under the agent.
 */
class ContextDataTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final AsyncLocalStorage<Object> TENANT = new AsyncLocalStorage<>("tenant");
  private static final AsyncLocalStorage<String> UNNAMED = new AsyncLocalStorage<>();

  @TempDir Path dir;
  private ExecutorService pool;

  @BeforeEach
  void startPool() {
    pool = ContextExecutors.wrap(Executors.newFixedThreadPool(4));
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void log4jUsesBatonsMapWhenThePropertySelectsIt() {
    assertThat(ThreadContext.getThreadContextMap()).isInstanceOf(BatonThreadContextMap.class);
  }

  @Test
  void namedStoresAndTheThreadContextShowInPercentX() throws Exception {
    LoggingSetup logging = LoggingSetup.pattern(dir, Mode.SYNCHRONOUS, "%m id=%X{requestId} ctx=$${ctx:requestId:-} all=%X%n");
    Logger log = logging.logger();

    log.info("outside");
    AsyncLocalStorage<Object> openTelemetry = IntegrationStorages.mark(new AsyncLocalStorage<>("opentelemetry.context"));
    REQUEST_ID.run(
        "r-1",
        () ->
            UNNAMED.run(
                "hidden",
                () ->
                    openTelemetry.run(
                        "Baton's own: not printed",
                        () -> {
                          ThreadContext.put("user", "ann");
                          log.info("inside");
                        })));

    assertThat(logging.stop())
        .containsExactly(
            "outside id= ctx= all={}", "inside id=r-1 ctx=r-1 all={requestId=r-1, user=ann}");
    assertThat(ThreadContext.get("user")).as("the entry ended with the run").isNull();
  }

  @Test
  void theThreadContextFollowsTheWorkAndNothingStaysOnTheWorker() throws Exception {
    LoggingSetup logging = LoggingSetup.pattern(dir, Mode.SYNCHRONOUS, "%m all=%X%n");
    Logger log = logging.logger();

    REQUEST_ID.call(
        "r-2",
        () -> {
          ThreadContext.put("user", "bob");
          pool.submit(() -> log.info("worker")).get();
          pool.submit(
                  () -> {
                    ThreadContext.put("step", "task");
                    log.info("task");
                  })
              .get(10, TimeUnit.SECONDS);
          log.info("caller");
          return null;
        });

    assertThat(logging.stop())
        .containsExactly(
            "worker all={requestId=r-2, user=bob}",
            "task all={requestId=r-2, step=task, user=bob}",
            "caller all={requestId=r-2, user=bob}");
    List<Map<String, String>> seenByWorkers = new ArrayList<>();
    ExecutorService plain = Executors.newSingleThreadExecutor();
    try {
      seenByWorkers.add(plain.submit(ThreadContext::getImmutableContext).get());
    } finally {
      plain.shutdown();
    }
    seenByWorkers.add(pool.submit(ThreadContext::getImmutableContext).get());
    assertThat(seenByWorkers).containsOnly(Map.of());
  }

  @Test
  void anEntryOfTheThreadContextWinsOverAStoreOfTheSameName() throws Exception {
    LoggingSetup logging = LoggingSetup.pattern(dir, Mode.SYNCHRONOUS, "%m id=%X{requestId}%n");
    Logger log = logging.logger();

    REQUEST_ID.run(
        "from-store",
        () -> {
          log.info("store");
          ThreadContext.put("requestId", "from-map");
          log.info("map");
          assertThat(new BatonContextDataProvider().getValue("requestId")).isNull();
        });

    assertThat(logging.stop()).containsExactly("store id=from-store", "map id=from-map");
  }

  @Test
  void aStoreWhoseToStringThrowsPrintsItsClassAndTheFailureAndTheRestOfTheEventIsWritten() throws Exception {
    LoggingSetup logging = LoggingSetup.pattern(dir, Mode.SYNCHRONOUS, "%m all=%X%n");
    Object broken =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("no name");
          }
        };

    REQUEST_ID.run("r-3", () -> TENANT.run(broken, () -> logging.logger().info("broken")));

    assertThat(logging.stop())
        .containsExactly(
            "broken all={requestId=r-3, tenant="
                + broken.getClass().getName()
                + "[toString threw java.lang.IllegalStateException: no name]}");
  }

  @Test
  void theProviderAnswersLookupsOfOneStore() {
    BatonContextDataProvider provider = new BatonContextDataProvider();
    REQUEST_ID.run(
        "r-4",
        () -> {
          assertThat(provider.getValue("requestId")).isEqualTo("r-4");
          assertThat(provider.getValue("tenant")).isNull();
          assertThat(provider.getValue(BatonThreadContextMap.STORAGE_NAME)).isNull();
          assertThat(provider.supplyContextData()).isEqualTo(Map.of("requestId", "r-4"));
          StringMap data = provider.supplyStringMap();
          assertThat(data.isFrozen()).isTrue();
          assertThat(data.toMap()).isEqualTo(Map.of("requestId", "r-4"));
        });
    assertThat(provider.supplyStringMap().isEmpty()).isTrue();
    assertThat(provider.getValue(null)).isNull();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void eventsWrittenByAnotherThreadShowTheContextTheyWereLoggedIn(Mode mode) throws Exception {
    LoggingSetup logging = LoggingSetup.pattern(dir, mode, "%m id=%X{requestId} user=%X{user}%n");
    Logger log = logging.logger();
    int requests = 500;
    List<CompletableFuture<?>> done = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String id = "r" + i;
      REQUEST_ID.run(
          id,
          () -> {
            ThreadContext.put("user", "u" + id);
            done.add(CompletableFuture.runAsync(() -> log.info("request {}", id), pool));
          });
    }
    CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

    List<String> lines = logging.stop();
    assertThat(lines).hasSize(requests);
    for (String line : lines) {
      String id = line.substring("request ".length(), line.indexOf(' ', "request ".length()));
      assertThat(line).isEqualTo("request " + id + " id=" + id + " user=u" + id);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"SYNCHRONOUS", "ASYNC_LOGGER"})
  void jsonTemplateLayoutShowsStoresAndTheThreadContext(Mode mode) throws Exception {
    LoggingSetup logging =
        LoggingSetup.jsonTemplate(
            dir,
            mode,
            "{\"message\":{\"$resolver\":\"message\",\"stringified\":true},"
                + "\"context\":{\"$resolver\":\"mdc\"},"
                + "\"requestId\":{\"$resolver\":\"mdc\",\"key\":\"requestId\"}}");

    REQUEST_ID.run(
        "r-json",
        () -> {
          ThreadContext.put("user", "ann");
          logging.logger().info("json");
        });

    assertThat(logging.stop())
        .containsExactly(
            "{\"message\":\"json\",\"context\":{\"requestId\":\"r-json\",\"user\":\"ann\"},\"requestId\":\"r-json\"}");
  }
}

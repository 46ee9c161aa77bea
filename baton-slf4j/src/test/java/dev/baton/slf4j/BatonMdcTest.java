package dev.baton.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import dev.baton.AsyncLocalStorage;
import dev.baton.ContextExecutors;
import dev.baton.internal.state.IntegrationStorages;
import dev.baton.slf4j.logback.BatonLogbackMDCAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class BatonMdcTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final Logger LOG = LoggerFactory.getLogger("sync");

  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final ExecutorService pool = ContextExecutors.wrap(worker);

  @AfterEach
  void stop() throws InterruptedException {
    worker.shutdownNow();
    assertThat(worker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    MDC.clear();
  }

  @Test
  void theProviderGivesSlf4jAndLogbackBatonsMdc() {
    assertThat(MDC.getMDCAdapter()).isInstanceOf(BatonLogbackMDCAdapter.class);
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(logback.getMDCAdapter()).isSameAs(MDC.getMDCAdapter());
  }

  @Test
  void percentBatonLeavesOutTheStoresIntegrationsMarkAsTheirOwn() {
    AsyncLocalStorage<Object> openTelemetry = IntegrationStorages.mark(new AsyncLocalStorage<>("opentelemetry.context"));
    AsyncLocalStorage<Object> log4j = IntegrationStorages.mark(new AsyncLocalStorage<>("log4j.threadContext"));

    REQUEST_ID.run(
        "r-own",
        () -> openTelemetry.run("a context", () -> log4j.run("a map", () -> LOG.info("mdc-own"))));

    assertThat(CapturedOutput.linesWith("mdc-own")).containsExactly("mdc-own id=r-own user=- all=[requestId=r-own]");
  }

  @Test
  void anApplicationsStoreNamedAsAnIntegrationsIsPrinted() {
    AsyncLocalStorage<Object> sameName = new AsyncLocalStorage<>(BatonMDCAdapter.STORAGE_NAME);

    REQUEST_ID.run("r-own", () -> sameName.run("its own", () -> LOG.info("mdc-same-name")));

    assertThat(CapturedOutput.linesWith("mdc-same-name"))
        .containsExactly("mdc-same-name id=r-own user=- all=[requestId=r-own, slf4j.mdc=its own]");
  }

  @Test
  void anEntryPutInsideRunReachesTheWorkerAndIsGoneAfterwards() throws Exception {
    REQUEST_ID.run(
        "r-1",
        () -> {
          MDC.put("user", "ann");
          await(pool.submit(() -> LOG.info("mdc-1 on the worker")));
          LOG.info("mdc-1 on the caller");
        });

    assertThat(CapturedOutput.linesWith("mdc-1"))
        .containsExactly(
            "mdc-1 on the worker id=r-1 user=ann all=[requestId=r-1]",
            "mdc-1 on the caller id=r-1 user=ann all=[requestId=r-1]");
    assertThat(MDC.get("user")).as("the caller after run").isNull();
    assertThat(worker.submit(MDC::getCopyOfContextMap).get()).as("the worker, idle").isNull();
  }

  @Test
  void anEntryPutByATaskDoesNotReachTheNextTaskOnItsThread() throws Exception {
    await(pool.submit(() -> MDC.put("user", "bob")));

    assertThat(worker.submit(() -> MDC.get("user")).get()).isNull();
    assertThat(pool.submit(() -> MDC.get("user")).get()).isNull();
  }

  @Test
  void anAsyncAppenderPrintsTheStoresOfTheThreadThatLogged() throws Exception {
    Logger async = LoggerFactory.getLogger("async");

    REQUEST_ID.run("r-async", () -> async.info("mdc-async"));

    assertThat(CapturedOutput.awaitLines("mdc-async", 1))
        .containsExactly("mdc-async id=r-async user=- all=[requestId=r-async]");
  }

  @Test
  void absentStoresPrintTheirDefault() {
    LOG.info("mdc-none");

    assertThat(CapturedOutput.linesWith("mdc-none")).containsExactly("mdc-none id=- user=- all=[]");
  }

  @Test
  void aStoreWhoseToStringThrowsPrintsItsClassAndLeavesTheLineIntact() {
    AsyncLocalStorage<Object> broken = new AsyncLocalStorage<>("broken");
    Object store =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("no");
          }
        };

    REQUEST_ID.run("r-2", () -> broken.run(store, () -> LOG.info("mdc-broken")));

    assertThat(CapturedOutput.linesWith("mdc-broken"))
        .singleElement()
        .asString()
        .startsWith("mdc-broken id=r-2 user=- all=[requestId=r-2, broken=")
        .contains("[toString threw java.lang.IllegalStateException: no]");
    assertThat(REQUEST_ID.getStore()).isNull();
  }

  @Test
  void stacksFollowTheFlowTopFirst() throws Exception {
    REQUEST_ID.run(
        "r-3",
        () -> {
          MDC.pushByKey("op", "outer");
          MDC.pushByKey("op", "inner");
          assertThat(MDC.getMDCAdapter().getCopyOfDequeByKey("op")).containsExactly("inner", "outer");
          String popped = await(pool.submit(() -> MDC.popByKey("op")));
          assertThat(popped).isEqualTo("inner");
          assertThat(MDC.getMDCAdapter().getCopyOfDequeByKey("op"))
              .as("a pop on the worker does not change the caller's stack")
              .containsExactly("inner", "outer");
          assertThat(MDC.popByKey("op")).isEqualTo("inner");
          MDC.getMDCAdapter().clearDequeByKey("op");
          assertThat(MDC.getMDCAdapter().getCopyOfDequeByKey("op")).isNull();
          assertThat(MDC.popByKey("op")).isNull();
        });
  }

  @Test
  void mapOperationsBehaveAsSlf4jSpecifies() {
    MDC.setContextMap(Map.of("a", "1", "b", "2"));
    assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("a", "1", "b", "2"));
    try (MDC.MDCCloseable ignored = MDC.putCloseable("c", "3")) {
      assertThat(MDC.get("c")).isEqualTo("3");
    }
    assertThat(MDC.get("c")).isNull();
    MDC.remove("a");
    MDC.remove("b");
    assertThat(MDC.getCopyOfContextMap()).as("emptied by remove: an empty map").isEmpty();
    MDC.put("d", "4");
    MDC.clear();
    assertThat(MDC.getCopyOfContextMap()).as("cleared: no map").isNull();
  }

  @Test
  void concurrentRequestsEachLogTheirOwnEntries() throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(4);
    ExecutorService propagating = ContextExecutors.wrap(workers);
    try {
      List<Future<?>> requests = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String id = "c-" + i;
        requests.add(
            REQUEST_ID.run(
                id,
                () -> {
                  MDC.put("user", "u" + id);
                  return propagating.submit(() -> LOG.info("mdc-many " + id));
                }));
      }
      for (Future<?> request : requests) {
        await(request);
      }
    } finally {
      workers.shutdown();
      assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    List<String> lines = CapturedOutput.linesWith("mdc-many ");
    assertThat(lines).hasSize(200);
    for (String line : lines) {
      String id = line.substring("mdc-many ".length(), line.indexOf(' ', "mdc-many ".length()));
      assertThat(line).endsWith(" id=" + id + " user=u" + id + " all=[requestId=" + id + "]");
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.internal.diagnostics.Diagnosis;
import dev.baton.internal.diagnostics.Finding;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Diagnostics without the agent: strict mode and async traces through Baton's wrappers. */
class DiagnosticsTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  private final List<Diagnostics.Report> reports = new CopyOnWriteArrayList<>();
  private final ExecutorService raw = Executors.newSingleThreadExecutor();
  private final ExecutorService pool = ContextExecutors.wrap(raw);
  private Diagnostics.Listening listening;

  @RegisterExtension final CapturedStandardError standardError = new CapturedStandardError();

  @BeforeEach
  void listen() {
    Diagnosis.forgetReports();
    listening = Diagnostics.addListener(reports::add);
  }

  @AfterEach
  void stop() throws InterruptedException {
    listening.close();
    // Each report is printed as it is handed to the listeners, and nothing else is
    String printed = standardError.printed();
    for (Diagnostics.Report report : reports) {
      assertThat(printed).contains(report.message());
    }
    assertThat(printed.lines().filter(line -> line.startsWith("baton:"))).hasSameSizeAs(reports);
    Diagnostics.strictMode(false);
    AsyncTraces.disable();
    raw.shutdownNow();
    assertThat(raw.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void everythingIsOffByDefault() {
    assertThat(Diagnostics.isDetectingContextLoss()).isFalse();
    assertThat(Diagnostics.isStrict()).isFalse();
    assertThat(AsyncTraces.isEnabled()).isFalse();
  }

  @Test
  void contextLossDetectionNeedsTheAgentAndSaysSo() {
    assertThatThrownBy(() -> Diagnostics.detectContextLoss(true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Context-loss detection needs the Baton agent");
    assertThat(Diagnostics.isDetectingContextLoss()).isFalse();
    Diagnostics.detectContextLoss(false); // turning it off is always fine
  }

  @Test
  void strictModeReportsAWrappedTaskThatEndsInAnotherContextOncePerPlace() throws Exception {
    Diagnostics.strictMode(true);

    for (int i = 0; i < 3; i++) {
      REQUEST_ID.run("r-" + i, () -> await(pool.submit(() -> REQUEST_ID.enterWith("changed"))));
    }

    assertThat(reports).singleElement().satisfies(report -> {
      assertThat(report.kind()).isEqualTo(Diagnostics.Kind.TASK_CHANGED_CONTEXT);
      assertThat(report.handOffSite().getClassName()).isEqualTo(DiagnosticsTest.class.getName());
      assertThat(report.threadName()).startsWith("pool-");
    });
    assertThat(raw.submit(REQUEST_ID::getStore).get()).isNull();
  }

  @Test
  void strictModeStaysQuietForTasksThatUseRun() throws Exception {
    Diagnostics.strictMode(true);

    String seen =
        REQUEST_ID.run("r", () -> await(pool.submit(() -> REQUEST_ID.run("inner", REQUEST_ID::getStore))));

    assertThat(seen).isEqualTo("inner");
    assertThat(reports).isEmpty();
  }

  @Test
  void anExceptionEscapingAWrappedTaskCarriesItsTrace() throws Exception {
    AsyncTraces.enable(8, true);

    Throwable failure =
        assertThatThrownBy(
                () ->
                    pool.submit(
                            () -> {
                              throw new IllegalStateException("failed");
                            })
                        .get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .actual();

    List<AsyncTraces.Hop> hops = AsyncTraces.of(failure);
    assertThat(hops).singleElement().satisfies(hop -> {
      assertThat(hop.kind()).isEqualTo("Task");
      assertThat(hop.threadName()).isEqualTo(Thread.currentThread().getName());
      assertThat(hop.toString()).startsWith("Task handed over on thread \"" + hop.threadName() + "\"\n\tat ");
    });
    assertThat(failure.getCause().getSuppressed()).hasSize(1);
    assertThat(AsyncTraces.current()).as("on the test thread, outside any task").isEmpty();
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> AsyncTraces.enable(0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDepth must be at least 1, got 0");
    assertThatThrownBy(() -> AsyncTraces.of(null)).hasMessage("throwable");
    assertThatThrownBy(() -> Diagnostics.addListener(null)).hasMessage("listener");
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheOthers() throws Exception {
    Diagnostics.strictMode(true);
    CapturedReports failures = new CapturedReports().start();
    try (Diagnostics.Listening failing =
        Diagnostics.addListener(
            report -> {
              throw new IllegalStateException("listener failed");
            })) {
      REQUEST_ID.run("r", () -> await(pool.submit(() -> REQUEST_ID.enterWith("changed"))));
    } finally {
      failures.stop();
    }

    assertThat(reports).hasSize(1);
    assertThat(failures.messages())
        .singleElement()
        .asString()
        .contains("a diagnostics listener threw", "java.lang.IllegalStateException: listener failed");
  }

  @Test
  void aClosedListenerHearsNothingMore() {
    Diagnostics.strictMode(true);
    List<Diagnostics.Report> heard = new CopyOnWriteArrayList<>();
    Diagnostics.addListener(heard::add).close();

    REQUEST_ID.run("r", () -> await(pool.submit(() -> REQUEST_ID.enterWith("changed"))));

    assertThat(reports).singleElement().extracting(Diagnostics.Report::kind).isEqualTo(Diagnostics.Kind.TASK_CHANGED_CONTEXT);
    assertThat(heard).isEmpty();
  }

  @Test
  void everyKindOfFindingReachesListenersAsTheReportKindOfItsName() {
    assertThat(Arrays.stream(Finding.Kind.values()).map(Enum::name))
        .containsExactly(Arrays.stream(Diagnostics.Kind.values()).map(Enum::name).toArray(String[]::new));
    assertThat(Diagnostics.Report.class.getConstructors()).as("reports are made by Baton only").isEmpty();
  }

  private static <T> T await(java.util.concurrent.Future<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

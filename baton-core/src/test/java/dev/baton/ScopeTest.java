package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScopeTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final AsyncLocalStorage<String> TENANT = new AsyncLocalStorage<>("tenant");

  private final CapturedReports reports = new CapturedReports();
  private final ExecutorService raw = Executors.newSingleThreadExecutor();
  private final ExecutorService pool = ContextExecutors.wrap(raw);

  @BeforeEach
  void capture() {
    reports.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    reports.stop();
    Diagnostics.strictMode(false);
    raw.shutdownNow();
    assertThat(raw.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Snapshot.empty().isCurrent()).as("the test thread back in no context").isTrue();
  }

  @Test
  void aStoreIsCurrentUntilTheScopeClosesThenTheOneBeforeIsBack() {
    try (Scope outer = REQUEST_ID.enter("r-1")) {
      assertThat(REQUEST_ID.getStore()).isEqualTo("r-1");
      try (Scope inner = REQUEST_ID.enter("r-2")) {
        assertThat(REQUEST_ID.getStore()).isEqualTo("r-2");
      }
      assertThat(REQUEST_ID.getStore()).isEqualTo("r-1");
    }
    assertThat(REQUEST_ID.getStore()).isNull();
    assertThat(reports.messages()).isEmpty();
  }

  @Test
  void theContextBeforeIsBackWhenTheCodeInsideThrows() {
    RuntimeException failure = new IllegalStateException("handler failed");

    assertThatThrownBy(
            () -> {
              try (Scope scope = REQUEST_ID.enter("r-1"); Scope tenant = TENANT.enter("t-1")) {
                throw failure;
              }
            })
        .isSameAs(failure);

    assertThat(REQUEST_ID.getStore()).isNull();
    assertThat(TENANT.getStore()).isNull();
  }

  @Test
  void workHandedOverInsideTheScopeCarriesItAndThePoolThreadKeepsNothing() throws Exception {
    Future<String> inside;
    try (Scope scope = REQUEST_ID.enter("r-1")) {
      inside = pool.submit(() -> REQUEST_ID.getStore());
    }
    Future<String> after = pool.submit(() -> String.valueOf(REQUEST_ID.getStore()));

    assertThat(inside.get(10, TimeUnit.SECONDS)).isEqualTo("r-1");
    assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo("null");
    assertThat(raw.submit(() -> Snapshot.empty().isCurrent()).get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aStoragesScopeGivesBackItsOwnStoreAndLeavesWhatTheCodeInsideDidToOthers() {
    try (Scope tenant = TENANT.enter("t-1")) {
      try (Scope request = REQUEST_ID.enter("r-1")) {
        TENANT.enterWith("t-2"); // as an MDC put inside an OpenTelemetry scope
        REQUEST_ID.enterWith("r-changed");
      }
      assertThat(REQUEST_ID.getStore()).isNull();
      assertThat(TENANT.getStore()).isEqualTo("t-2");
    }
    assertThat(TENANT.getStore()).isNull();
  }

  @Test
  void aSnapshotsScopeGivesBackTheWholeContextFromBefore() {
    Snapshot captured = REQUEST_ID.run("r-1", () -> TENANT.run("t-1", () -> AsyncLocalStorage.snapshot()));

    REQUEST_ID.run(
        "own",
        () -> {
          try (Scope scope = captured.enter()) {
            assertThat(REQUEST_ID.getStore()).isEqualTo("r-1");
            assertThat(TENANT.getStore()).isEqualTo("t-1");
            TENANT.enterWith("t-2");
          }
          assertThat(REQUEST_ID.getStore()).isEqualTo("own");
          assertThat(TENANT.getStore()).isNull();
        });
  }

  @Test
  void closingTwiceChangesNothingAndIsReported() {
    Scope scope = REQUEST_ID.enter("r-1");
    scope.close();
    try (Scope other = TENANT.enter("t-1")) {
      scope.close();

      assertThat(TENANT.getStore()).isEqualTo("t-1");
      assertThat(REQUEST_ID.getStore()).isNull();
    }
    assertThat(reports.messages())
        .singleElement()
        .asString()
        .startsWith("baton: a scope was closed twice: on thread \"" + Thread.currentThread().getName() + "\"")
        .endsWith("; it changed nothing");
  }

  @Test
  void closingAnOuterScopeBeforeAnInnerOneChangesNothingAndIsReported() {
    Scope outer = REQUEST_ID.enter("r-1");
    Scope inner = TENANT.enter("t-1");

    outer.close();

    assertThat(REQUEST_ID.getStore()).isEqualTo("r-1");
    assertThat(TENANT.getStore()).isEqualTo("t-1");
    assertThat(reports.messages())
        .singleElement()
        .asString()
        .contains("a scope was closed while a scope opened after it was still open", "close the innermost first");

    inner.close();
    outer.close(); // in order now: it closes
    assertThat(REQUEST_ID.getStore()).isNull();
    assertThat(TENANT.getStore()).isNull();
    assertThat(reports.messages()).hasSize(1);
  }

  @Test
  void closingOnAnotherThreadChangesNothingThereNorHereAndIsReported() throws Exception {
    Scope scope = REQUEST_ID.enter("r-1");
    ExecutorService elsewhere = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "elsewhere"));

    String seenThere;
    try {
      seenThere =
          CompletableFuture.supplyAsync(
                  () -> {
                    scope.close();
                    return String.valueOf(REQUEST_ID.getStore());
                  },
                  elsewhere)
              .get(10, TimeUnit.SECONDS);
    } finally {
      elsewhere.shutdownNow();
    }

    assertThat(seenThere).isEqualTo("null");
    assertThat(REQUEST_ID.getStore()).isEqualTo("r-1");
    assertThat(reports.messages())
        .singleElement()
        .asString()
        .contains("a scope was closed on another thread than the one that opened it", "on thread \"elsewhere\"", "opened on \"" + Thread.currentThread().getName() + "\"");
    scope.close();
    assertThat(REQUEST_ID.getStore()).isNull();
  }

  @Test
  void aSnapshotsScopeIsABoundaryItEndsTheScopesLeftOpenInsideAndReportsThem() {
    Snapshot record = REQUEST_ID.run("record", () -> AsyncLocalStorage.snapshot());
    Scope boundary = record.enter();
    Scope leftOpen = TENANT.enter("t-1"); // by the listener, never closed

    boundary.close();

    assertThat(REQUEST_ID.getStore()).isNull();
    assertThat(TENANT.getStore()).isNull();
    assertThat(reports.messages())
        .singleElement()
        .asString()
        .contains("a scope opened inside a snapshot's scope was left open", "the snapshot's scope ended it as it closed");
    try (Scope next = TENANT.enter("t-2"); Scope atTheDepthItHad = REQUEST_ID.enter("r-2")) {
      leftOpen.close(); // ended already: nothing changes, nothing more is reported
      assertThat(TENANT.getStore()).isEqualTo("t-2");
      assertThat(REQUEST_ID.getStore()).isEqualTo("r-2");
    }
    assertThat(TENANT.getStore()).isNull();
    assertThat(REQUEST_ID.getStore()).isNull();
    assertThat(reports.messages()).hasSize(1);
  }

  @Test
  void strictModeFailsEachMisuseWithItsReasonAndChangesNothing() {
    Diagnostics.strictMode(true);
    Scope outer = REQUEST_ID.enter("r-1");
    Scope inner = TENANT.enter("t-1");

    assertThatThrownBy(outer::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("a scope was closed while a scope opened after it was still open")
        .hasMessageEndingWith("; it changed nothing");
    assertThat(REQUEST_ID.getStore()).isEqualTo("r-1");
    assertThat(TENANT.getStore()).isEqualTo("t-1");

    inner.close();
    assertThatThrownBy(inner::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("a scope was closed twice");
    outer.close();
    assertThat(REQUEST_ID.getStore()).isNull();
    assertThat(reports.messages()).isEmpty();
  }

  @Test
  void aScopeLeftOpenInATaskDoesNotOutliveTheTask() throws Exception {
    pool.submit(() -> REQUEST_ID.enter("left-open")).get(10, TimeUnit.SECONDS);

    assertThat(raw.submit(() -> String.valueOf(REQUEST_ID.getStore())).get(10, TimeUnit.SECONDS)).isEqualTo("null");
    try (Scope scope = TENANT.enter("t-1")) {
      assertThat(pool.submit(() -> TENANT.getStore() + "/" + REQUEST_ID.getStore()).get(10, TimeUnit.SECONDS))
          .isEqualTo("t-1/null");
    }
  }

  @Test
  void aNullStoreIsRejectedByName() {
    assertThatThrownBy(() -> REQUEST_ID.enter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("store");
    assertThat(REQUEST_ID.getStore()).isNull();
  }

  @Test
  void aScopeSaysWhatItEnteredAndWhetherItIsClosed() {
    Scope scope = REQUEST_ID.enter("r-1");
    assertThat(scope).hasToString("Scope[requestId]");
    scope.close();
    assertThat(scope).hasToString("Scope[requestId, closed]");
    try (Scope whole = Snapshot.empty().enter()) {
      assertThat(whole).hasToString("Scope[snapshot]");
    }
  }
}

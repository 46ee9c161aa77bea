package dev.baton.opentelemetry;

import dev.baton.Snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.CapturedReports;
import dev.baton.ContextExecutors;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatonContextStorageTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final ContextKey<String> KEY = ContextKey.named("key");

  private final SdkTracerProvider tracing = SdkTracerProvider.builder().build();
  private final Tracer tracer = tracing.get("test");
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final ExecutorService pool = ContextExecutors.wrap(worker);

  @AfterEach
  void stop() throws InterruptedException {
    worker.shutdownNow();
    assertThat(worker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    tracing.close();
  }

  @Test
  void openTelemetryUsesBatonsStorage() {
    Context context = Context.root().with(KEY, "stored");
    try (Scope scope = context.makeCurrent()) {
      assertThat(BatonContextStorage.STORAGE.getStore()).isSameAs(context);
      assertThat(ContextStorage.get().current()).isSameAs(context);
    }
    assertThat(BatonContextStorage.STORAGE.getStore()).isNull();
    assertThat(Context.current()).isSameAs(Context.root());
  }

  @Test
  void aCurrentSpanFollowsBatonsPropagationAndLeavesTheWorkerClean() throws Exception {
    Span span = tracer.spanBuilder("request").startSpan();
    String[] seen;
    try (Scope scope = span.makeCurrent()) {
      seen =
          REQUEST_ID.run(
              "r-1",
              () ->
                  await(
                      pool.submit(
                          () ->
                              new String[] {
                                Span.current().getSpanContext().getSpanId(),
                                REQUEST_ID.getStore()
                              })));
    } finally {
      span.end();
    }

    assertThat(seen).containsExactly(span.getSpanContext().getSpanId(), "r-1");
    assertThat(Span.current().getSpanContext().isValid()).as("the caller after the scope").isFalse();
    assertThat(worker.submit(() -> Context.current() == Context.root()).get())
        .as("the worker, idle")
        .isTrue();
  }

  @Test
  void scopesNestAndRestoreThePreviousContext() {
    Context outer = Context.root().with(KEY, "outer");
    Context inner = Context.root().with(KEY, "inner");

    try (Scope first = outer.makeCurrent()) {
      try (Scope second = inner.makeCurrent()) {
        assertThat(Context.current().get(KEY)).isEqualTo("inner");
      }
      assertThat(Context.current().get(KEY)).isEqualTo("outer");
      try (Scope same = outer.makeCurrent()) {
        assertThat(same).as("attaching the current context again").isSameAs(Scope.noop());
      }
    }
    assertThat(Context.current()).isSameAs(Context.root());
  }

  @Test
  void aScopeClosedOutOfOrderTwiceOrOnAnotherThreadIsIgnoredAndReported() throws Exception {
    Context first = Context.root().with(KEY, "first");
    Context second = Context.root().with(KEY, "second");
    CapturedReports reports = new CapturedReports().start();
    try {
      Scope outer = first.makeCurrent();
      Scope inner = second.makeCurrent();

      outer.close(); // out of order: ignored
      assertThat(Context.current().get(KEY)).isEqualTo("second");
      worker.submit(inner::close).get(10, TimeUnit.SECONDS); // another thread: ignored
      assertThat(Context.current().get(KEY)).isEqualTo("second");
      inner.close();
      inner.close(); // twice: ignored
      assertThat(Context.current().get(KEY)).isEqualTo("first");
      outer.close();
      assertThat(Context.current()).isSameAs(Context.root());
    } finally {
      reports.stop();
    }
    assertThat(reports.messages())
        .hasSize(3)
        .anySatisfy(message -> assertThat(message).contains("a scope was closed while a scope opened after it was still open"))
        .anySatisfy(message -> assertThat(message).contains("a scope was closed on another thread"))
        .anySatisfy(message -> assertThat(message).contains("a scope was closed twice"));
  }

  @Test
  void openTelemetrysOwnWrappersUseBatonsStorageToo() throws Exception {
    Context context = Context.root().with(KEY, "wrapped");
    java.util.concurrent.Callable<String> read = context.wrap(() -> Context.current().get(KEY));

    assertThat(worker.submit(read).get(10, TimeUnit.SECONDS)).isEqualTo("wrapped");
    assertThat(worker.submit(() -> Context.current().get(KEY)).get()).isNull();
  }

  private static <T> T await(java.util.concurrent.Future<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void closingAScopeRestoresOpenTelemetrysContextOnlyAndKeepsWhatTheCodeInsideEntered() {
    Context outer = Context.root().with(KEY, "outer");

    REQUEST_ID.run(
        "before",
        () -> {
          try (Scope scope = outer.makeCurrent()) {
            REQUEST_ID.enterWith("entered inside the scope");
          }
          assertThat(Context.current()).isSameAs(Context.root());
          assertThat(REQUEST_ID.getStore()).isEqualTo("entered inside the scope");
        });
    assertThat(REQUEST_ID.getStore()).isNull();
  }

  @Test
  void closingAScopeInsideAnotherGivesBackTheOuterOpenTelemetryContextOnly() {
    Context outer = Context.root().with(KEY, "outer");
    Context inner = Context.root().with(KEY, "inner");

    REQUEST_ID.run(
        "before",
        () -> {
          try (Scope first = outer.makeCurrent()) {
            try (Scope second = inner.makeCurrent()) {
              REQUEST_ID.enterWith("inner code");
            }
            assertThat(Context.current()).isSameAs(outer);
            assertThat(REQUEST_ID.getStore()).isEqualTo("inner code");
          }
          assertThat(Context.current()).isSameAs(Context.root());
          assertThat(REQUEST_ID.getStore()).isEqualTo("inner code");
        });
  }

  @Test
  void aScopeClosedWithNothingElseChangedGivesBackTheVeryContextItFound() {
    REQUEST_ID.run(
        "r",
        () -> {
          Snapshot before = AsyncLocalStorage.snapshot();
          try (Scope scope = Context.root().with(KEY, "k").makeCurrent()) {
            assertThat(before.isCurrent()).isFalse();
          }
          assertThat(before.isCurrent()).isTrue();
        });
  }
}

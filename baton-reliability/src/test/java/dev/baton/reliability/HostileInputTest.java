package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AsyncHook;
import dev.baton.AsyncHooks;
import dev.baton.AsyncLocalStorage;
import dev.baton.AsyncResource;
import dev.baton.CapturedReports;
import dev.baton.ContextExecutors;
import dev.baton.Snapshot;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile code around Baton: stores whose {@code equals}, {@code hashCode} and {@code toString}
 * throw, hooks that throw from every callback, tasks that throw an {@code Error}. Baton never calls
 * a store's methods (contexts compare storages by identity), reports hook failures without
 * stopping the operation, and restores every context.
 */
class HostileInputTest {

  private static final AsyncLocalStorage<Object> REQUEST = new AsyncLocalStorage<>("request");

  private final ExecutorService raw = Executors.newSingleThreadExecutor();
  private final ExecutorService pool = ContextExecutors.wrap(raw);
  private final List<Throwable> reported = new CopyOnWriteArrayList<>();
  private Thread.UncaughtExceptionHandler previousHandler;
  private AsyncHook failingHook;
  private final CapturedReports reports = new CapturedReports();

  @BeforeEach
  void failingHookAndRecordedReports() {
    reports.start();
    Thread current = Thread.currentThread();
    previousHandler = current.getUncaughtExceptionHandler();
    current.setUncaughtExceptionHandler((thread, failure) -> reported.add(failure));
    failingHook =
        AsyncHooks.createHook(
                new AsyncHook.Callbacks() {
                  @Override
                  public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
                    throw new IllegalStateException("init hook failed");
                  }

                  @Override
                  public void before(long asyncId) {
                    throw new IllegalStateException("before hook failed");
                  }

                  @Override
                  public void after(long asyncId) {
                    throw new IllegalStateException("after hook failed");
                  }

                  @Override
                  public void destroy(long asyncId) {
                    throw new IllegalStateException("destroy hook failed");
                  }
                })
            .enable();
  }

  @AfterEach
  void restore() throws InterruptedException {
    failingHook.disable();
    reports.stop();
    Thread.currentThread().setUncaughtExceptionHandler(previousHandler);
    raw.shutdownNow();
    assertThat(raw.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(REQUEST.getStore()).isNull();
  }

  @Test
  void aStoreWhoseObjectMethodsThrowFlowsEverywhereUntouched() throws Exception {
    Hostile store = new Hostile();

    Object[] seen =
        REQUEST.run(
            store,
            () -> {
              Snapshot snapshot = AsyncLocalStorage.snapshot();
              AsyncResource resource = new AsyncResource("hostile");
              try {
                return new Object[] {
                  REQUEST.getStore(),
                  snapshot.run(REQUEST::getStore),
                  await(pool.submit(REQUEST::getStore)),
                  resource.runInAsyncScope(REQUEST::getStore),
                  await(pool.submit(AsyncLocalStorage.bind(() -> REQUEST.getStore())))
                };
              } finally {
                resource.emitDestroy();
              }
            });

    assertThat(seen).allSatisfy(value -> assertThat(value).isSameAs(store));
    assertThat(store.calls).as("Baton never called equals, hashCode or toString").isZero();
  }

  @Test
  void hooksThatThrowFromEveryCallbackAreReportedAndChangeNothing() {
    String[] seen = new String[2];

    REQUEST.run(
        "r-hooks",
        () -> {
          AsyncResource resource = new AsyncResource("with-failing-hooks");
          seen[0] = resource.runInAsyncScope(() -> String.valueOf(REQUEST.getStore()));
          seen[1] = String.valueOf(AsyncHooks.executionAsyncId() == 1);
          resource.emitDestroy();
        });

    assertThat(seen).containsExactly("r-hooks", "true");
    assertThat(reported)
        .extracting(Throwable::getMessage)
        .containsExactly(
            "init hook failed", "before hook failed", "after hook failed", "destroy hook failed");
    assertThat(reports.messages())
        .hasSize(4)
        .allSatisfy(message -> assertThat(message).contains("hook failed; the operation that fired it goes on"));
  }

  @Test
  void anErrorFromATaskInsideNestedRunsRestoresEveryLevel() {
    AsyncLocalStorage<String> inner = new AsyncLocalStorage<>("inner");

    assertThatThrownBy(
            () ->
                REQUEST.run(
                    "outer",
                    () ->
                        inner.run(
                            "inner",
                            () -> {
                              REQUEST.enterWith("entered");
                              throw new StackOverflowError("simulated");
                            })))
        .isInstanceOf(StackOverflowError.class)
        .hasMessage("simulated");

    assertThat(REQUEST.getStore()).isNull();
    assertThat(inner.getStore()).isNull();
  }

  private static <T> T await(java.util.concurrent.Future<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A store that fails if anything treats it as a value. */
  private static final class Hostile {
    int calls;

    @Override
    public boolean equals(Object other) {
      calls++;
      throw new UnsupportedOperationException("equals");
    }

    @Override
    public int hashCode() {
      calls++;
      throw new UnsupportedOperationException("hashCode");
    }

    @Override
    public String toString() {
      calls++;
      throw new UnsupportedOperationException("toString");
    }
  }
}

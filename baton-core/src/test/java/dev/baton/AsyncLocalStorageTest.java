package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncLocalStorageTest {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();

  @AfterEach
  void leaveTheThreadClean() {
    // enterWith at a test's top level would otherwise stay on the JUnit thread
    storage.disable();
  }

  @Test
  void getStoreIsNullOutsideAnyRun() {
    assertThat(storage.getStore()).isNull();
  }

  @Test
  void getStoreReturnsTheDefaultValueOutsideAnyRun() {
    AsyncLocalStorage<String> withDefault = new AsyncLocalStorage<>("tenant", "none");

    assertThat(withDefault.getStore()).isEqualTo("none");
    assertThat(withDefault.run("acme", withDefault::getStore)).isEqualTo("acme");
    assertThat(withDefault.getStore()).isEqualTo("none");
  }

  @Test
  void nameIsTheGivenNameOrEmpty() {
    assertThat(new AsyncLocalStorage<>().name()).isEmpty();
    assertThat(new AsyncLocalStorage<>("requestId").name()).isEqualTo("requestId");
    assertThat(new AsyncLocalStorage<>("requestId").toString()).contains("requestId");
  }

  @Test
  void runMakesTheSameStoreObjectVisibleInside() {
    Map<String, String> store = new HashMap<>();

    AsyncLocalStorage<Map<String, String>> maps = new AsyncLocalStorage<>();
    maps.run(store, () -> assertThat(maps.getStore()).isSameAs(store));
    assertThat(storage.run("hello node", storage::getStore)).isEqualTo("hello node");
  }

  @Test
  void runReturnsTheValueOfTheFunction() {
    assertThat(storage.run("a", () -> storage.getStore() + "!")).isEqualTo("a!");
  }

  @Test
  void runRestoresTheOuterStoreWhenTheCallbackReturns() {
    storage.run(
        "outer",
        () -> {
          storage.run("inner", () -> assertThat(storage.getStore()).isEqualTo("inner"));
          assertThat(storage.getStore()).isEqualTo("outer");
        });
    assertThat(storage.getStore()).isNull();
  }

  @Test
  void runRestoresTheOuterStoreWhenTheCallbackThrowsAndRethrowsTheSameException() {
    IllegalStateException failure = new IllegalStateException("boom");
    StackTraceElement[] trace = failure.getStackTrace();

    storage.run(
        "outer",
        () -> {
          assertThatThrownBy(
                  () ->
                      storage.run(
                          "inner",
                          (Runnable)
                              () -> {
                                throw failure;
                              }))
              .isSameAs(failure);
          assertThat(failure.getStackTrace()).isEqualTo(trace);
          assertThat(storage.getStore()).isEqualTo("outer");
        });
    assertThat(storage.getStore()).isNull();
  }

  @Test
  void callPropagatesACheckedExceptionUnchangedAndRestoresTheContext() {
    IOException failure = new IOException("disk");

    assertThatThrownBy(
            () ->
                storage.call(
                    "request",
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
    assertThat(storage.getStore()).isNull();
  }

  @Test
  void callReturnsTheValueOfTheOperation() throws IOException {
    String result = storage.<String, IOException>call("r1", () -> storage.getStore() + "-done");

    assertThat(result).isEqualTo("r1-done");
  }

  @Test
  void runRestoresEveryInstanceSoAnEnterWithInsideDoesNotOutliveTheCall() {
    AsyncLocalStorage<String> other = new AsyncLocalStorage<>();
    other.run(
        "other-outer",
        () -> {
          storage.run(
              "mine",
              () -> {
                other.enterWith("other-entered-inside");
                storage.enterWith("mine-entered-inside");
                assertThat(other.getStore()).isEqualTo("other-entered-inside");
              });
          assertThat(other.getStore()).isEqualTo("other-outer");
          assertThat(storage.getStore()).isNull();
        });
  }

  @Test
  void instancesAreIndependent() {
    AsyncLocalStorage<String> first = new AsyncLocalStorage<>("first");
    AsyncLocalStorage<String> second = new AsyncLocalStorage<>("second");

    first.run(
        "world",
        () ->
            second.run(
                "foo",
                () -> {
                  assertThat(first.getStore()).isEqualTo("world");
                  assertThat(second.getStore()).isEqualTo("foo");
                  second.run("bar", () -> assertThat(first.getStore()).isEqualTo("world"));
                  assertThat(second.getStore()).isEqualTo("foo");
                }));
    assertThat(first.getStore()).isNull();
    assertThat(second.getStore()).isNull();
  }

  @Test
  void manyInstancesKeepTheirOwnStores() {
    List<AsyncLocalStorage<Integer>> storages = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      storages.add(new AsyncLocalStorage<>("s" + i));
    }
    nest(storages, 0);
    for (AsyncLocalStorage<Integer> each : storages) {
      assertThat(each.getStore()).isNull();
    }
  }

  private static void nest(List<AsyncLocalStorage<Integer>> storages, int index) {
    if (index == storages.size()) {
      for (int i = 0; i < storages.size(); i++) {
        assertThat(storages.get(i).getStore()).isEqualTo(i);
      }
      return;
    }
    storages.get(index).run(index, () -> nest(storages, index + 1));
  }

  @Test
  void theStoreIsVisibleToAsyncWorkStartedInside() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();

    storage.run(
        "request-1",
        () -> {
          Thread thread = new Thread(AsyncLocalStorage.bind(() -> { seen.complete(storage.getStore()); }));
          thread.start();
        });

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("request-1");
  }

  @Test
  void exitHidesOnlyThisInstanceAndReentersOnReturn() {
    AsyncLocalStorage<String> other = new AsyncLocalStorage<>();
    storage.run(
        "mine",
        () ->
            other.run(
                "theirs",
                () -> {
                  storage.exit(
                      () -> {
                        assertThat(storage.getStore()).isNull();
                        assertThat(other.getStore()).isEqualTo("theirs");
                      });
                  assertThat(storage.getStore()).isEqualTo("mine");
                }));
  }

  @Test
  void exitReturnsTheDefaultValueRatherThanNullInside() {
    AsyncLocalStorage<String> withDefault = new AsyncLocalStorage<>("tenant", "none");

    String inside = withDefault.run("acme", () -> withDefault.exit(withDefault::getStore));

    assertThat(inside).isEqualTo("none");
  }

  @Test
  void exitReentersTheContextWhenTheCallbackThrows() {
    RuntimeException failure = new RuntimeException("inside exit");
    storage.run(
        "mine",
        () -> {
          assertThatThrownBy(
                  () ->
                      storage.exit(
                          (Runnable)
                              () -> {
                                assertThat(storage.getStore()).isNull();
                                throw failure;
                              }))
              .isSameAs(failure);
          assertThat(storage.getStore()).isEqualTo("mine");
        });
  }

  @Test
  void exitHidesTheStoreFromAsyncWorkStartedInside() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();

    storage.run(
        "mine",
        () ->
            storage.exit(
                () -> new Thread(AsyncLocalStorage.bind(() -> { seen.complete(String.valueOf(storage.getStore())); })).start()));

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("null");
  }

  @Test
  void nestedRunAndExitDoNotAccumulateState() {
    // Node's local-storage-exit-does-not-leak: alternate run and exit a hundred levels deep
    AtomicReference<Integer> deepest = new AtomicReference<>();
    runThenExit(100, deepest);
    assertThat(deepest.get()).isEqualTo(0);
    assertThat(AsyncLocalStorage.snapshot().run(storage::getStore)).isNull();
  }

  private void runThenExit(int count, AtomicReference<Integer> deepest) {
    if (count == 0) {
      deepest.set(count);
      assertThat(storage.getStore()).isNull();
      return;
    }
    storage.run("level-" + count, () -> storage.exit(() -> runThenExit(count - 1, deepest)));
  }

  @Test
  void enterWithLastsForTheRestOfTheEnclosingRun() {
    storage.run(
        "outer",
        () -> {
          storage.enterWith("entered");
          assertThat(storage.getStore()).isEqualTo("entered");
        });
    assertThat(storage.getStore()).isNull();
  }

  @Test
  void enterWithInOneListenerIsSeenByTheNextListenersAndAfterwards() {
    // The seed's example: enterWith in an event handler carries on for the rest of the emit
    List<Runnable> listeners = List.of(() -> storage.enterWith("{ id: 1 }"), () -> {});
    List<String> seen = new ArrayList<>();

    assertThat(storage.getStore()).isNull();
    for (Runnable listener : listeners) {
      listener.run();
      seen.add(storage.getStore());
    }

    assertThat(seen).containsExactly("{ id: 1 }", "{ id: 1 }");
    assertThat(storage.getStore()).isEqualTo("{ id: 1 }");
  }

  @Test
  void enterWithIsPropagatedToWorkStartedAfterIt() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              storage.enterWith("entered");
              Runnable bound = AsyncLocalStorage.bind(() -> { seen.complete(storage.getStore()); });
              new Thread(bound).start();
            });
    thread.start();

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("entered");
    assertThat(storage.getStore()).isNull();
  }

  @Test
  void disableMakesGetStoreReturnTheDefaultUntilTheNextRun() {
    AsyncLocalStorage<String> withDefault = new AsyncLocalStorage<>("d", "default");
    withDefault.run(
        "store",
        () -> {
          Snapshot captured = AsyncLocalStorage.snapshot();
          withDefault.disable();
          assertThat(withDefault.getStore()).isEqualTo("default");
          // exit() does not re-enable
          withDefault.exit(() -> assertThat(withDefault.getStore()).isEqualTo("default"));
          assertThat(withDefault.getStore()).isEqualTo("default");
          // a context captured before disable() no longer shows the store either
          assertThat(captured.run(withDefault::getStore)).isEqualTo("default");

          withDefault.run("again", () -> assertThat(withDefault.getStore()).isEqualTo("again"));
        });
  }

  @Test
  void disableHidesTheStoreOnEveryThread() throws Exception {
    CompletableFuture<Snapshot> otherThreadContext = new CompletableFuture<>();
    Thread thread =
        new Thread(() -> storage.run("other", () -> otherThreadContext.complete(AsyncLocalStorage.snapshot())));
    thread.start();
    Snapshot other = otherThreadContext.get(10, TimeUnit.SECONDS);
    assertThat(other.run(storage::getStore)).isEqualTo("other");

    storage.disable();

    assertThat(other.run(storage::getStore)).isNull();
    storage.enterWith("re-enabled");
    assertThat(storage.getStore()).isEqualTo("re-enabled");
  }

  @Test
  void aDisabledInstanceAndItsStoreCanBeCollected() throws Exception {
    List<WeakReference<Object>> refs = enterThenDisableATemporaryStorage();

    for (WeakReference<Object> ref : refs) {
      assertThat(GcSupport.collectedWithin(ref, 10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static List<WeakReference<Object>> enterThenDisableATemporaryStorage() {
    AsyncLocalStorage<Object> temporary = new AsyncLocalStorage<>();
    Object store = new Object();
    temporary.enterWith(store);
    temporary.disable();
    return List.of(new WeakReference<>(temporary), new WeakReference<>(store));
  }

  @Test
  void theStoreIsNotReachableAfterRunReturns() throws Exception {
    WeakReference<Object> storeRef = runWithATemporaryStore();

    assertThat(GcSupport.collectedWithin(storeRef, 10, TimeUnit.SECONDS)).isTrue();
  }

  private WeakReference<Object> runWithATemporaryStore() {
    AsyncLocalStorage<Object> objects = new AsyncLocalStorage<>();
    Object store = new Object();
    objects.run(store, () -> assertThat(objects.getStore()).isSameAs(store));
    return new WeakReference<>(store);
  }

  @Test
  void deeplyNestedRunsRestoreEveryLevel() throws Exception {
    // Node's local-storage-deep-stack, on a thread whose stack is sized for the depth
    CompletableFuture<Integer> reached = new CompletableFuture<>();
    Thread deep =
        new Thread(
            null,
            () -> {
              try {
                int levels = depth(5_000);
                assertThat(storage.getStore()).isNull();
                reached.complete(levels);
              } catch (Throwable failure) {
                reached.completeExceptionally(failure);
              }
            },
            "deep",
            256L << 20);
    deep.start();

    assertThat(reached.get(30, TimeUnit.SECONDS)).isEqualTo(5_000);
  }

  private int depth(int remaining) {
    if (remaining == 0) {
      return 0;
    }
    String store = "level-" + remaining;
    return storage.run(
        store,
        () -> {
          int below = depth(remaining - 1);
          assertThat(storage.getStore()).isEqualTo(store);
          return below + 1;
        });
  }

  @Test
  void aStackOverflowInsideNestedRunsLeavesTheContextAsItWas() {
    storage.enterWith("before");
    assertThatThrownBy(this::recurseForever).isInstanceOf(StackOverflowError.class);
    assertThat(storage.getStore()).isEqualTo("before");
  }

  private void recurseForever() {
    storage.run("deeper", this::recurseForever);
  }

  @Test
  void nullArgumentsAreRejectedWithTheirName() {
    Supplier<String> supplier = () -> "x";
    assertThatThrownBy(() -> storage.run(null, () -> {}))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("store");
    assertThatThrownBy(() -> storage.run("s", (Runnable) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("fn");
    assertThatThrownBy(() -> storage.run(null, supplier))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("store");
    assertThatThrownBy(() -> storage.run("s", (Supplier<String>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("fn");
    assertThatThrownBy(() -> storage.call("s", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("op");
    assertThatThrownBy(() -> storage.call(null, () -> "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("store");
    assertThatThrownBy(() -> storage.exit((Runnable) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("fn");
    assertThatThrownBy(() -> storage.exit((Supplier<String>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("fn");
    assertThatThrownBy(() -> storage.enterWith(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("store");
    assertThatThrownBy(() -> new AsyncLocalStorage<String>(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> AsyncLocalStorage.bind((Runnable) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("fn");
    assertThat(storage.getStore()).isNull();
  }
}

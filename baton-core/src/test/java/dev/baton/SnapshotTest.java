package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SnapshotTest {

  private final AsyncLocalStorage<Integer> storage = new AsyncLocalStorage<>();

  @Test
  void runsInTheCapturedContextWhateverIsCurrent() {
    // The seed's snapshot example: captured in run(123), called in run(321), sees 123
    Snapshot runInAsyncScope = storage.run(123, () -> AsyncLocalStorage.snapshot());

    Integer result = storage.run(321, () -> runInAsyncScope.run(storage::getStore));

    assertThat(result).isEqualTo(123);
  }

  @Test
  void replacesAnAsyncResourceForSimpleContextTracking() {
    // The seed's Foo example: a field initialised with a snapshot
    final class Foo {
      private final Snapshot runInAsyncScope = AsyncLocalStorage.snapshot();

      Integer get() {
        return runInAsyncScope.run(storage::getStore);
      }
    }

    Foo foo = storage.run(123, () -> new Foo());

    assertThat(storage.run(321, foo::get)).isEqualTo(123);
  }

  @Test
  void capturesEveryInstanceAtOnce() {
    AsyncLocalStorage<String> other = new AsyncLocalStorage<>();
    Snapshot both = storage.run(1, () -> other.run("one", () -> AsyncLocalStorage.snapshot()));

    both.run(
        () -> {
          assertThat(storage.getStore()).isEqualTo(1);
          assertThat(other.getStore()).isEqualTo("one");
        });
    assertThat(storage.getStore()).isNull();
    assertThat(other.getStore()).isNull();
  }

  @Test
  void aSnapshotOfTheEmptyContextHidesTheCallersStores() {
    Snapshot empty = AsyncLocalStorage.snapshot();

    storage.run(7, () -> empty.run(() -> assertThat(storage.getStore()).isNull()));
  }

  @Test
  void isNotAffectedByLaterChangesToTheContext() {
    storage.run(
        1,
        () -> {
          Snapshot atOne = AsyncLocalStorage.snapshot();
          storage.enterWith(2);
          assertThat(atOne.run(storage::getStore)).isEqualTo(1);
          assertThat(storage.getStore()).isEqualTo(2);
        });
  }

  @Test
  void restoresTheCallersContextWhenTheFunctionThrows() {
    Snapshot atOne = storage.run(1, () -> AsyncLocalStorage.snapshot());
    IllegalArgumentException failure = new IllegalArgumentException("bad");

    storage.run(
        2,
        () -> {
          assertThatThrownBy(
                  () ->
                      atOne.run(
                          (Runnable)
                              () -> {
                                throw failure;
                              }))
              .isSameAs(failure);
          assertThat(storage.getStore()).isEqualTo(2);
        });
  }

  @Test
  void anEnterWithInsideARunDoesNotLeakOut() {
    Snapshot atOne = storage.run(1, () -> AsyncLocalStorage.snapshot());

    atOne.run(() -> storage.enterWith(99));

    assertThat(storage.getStore()).isNull();
  }

  @Test
  void callPropagatesCheckedExceptions() throws IOException {
    Snapshot atOne = storage.run(1, () -> AsyncLocalStorage.snapshot());
    IOException failure = new IOException("io");

    assertThatThrownBy(
            () ->
                atOne.call(
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
    assertThat(atOne.<Integer, IOException>call(storage::getStore)).isEqualTo(1);
  }

  @Test
  void wrapBindsRunnablesAndCallablesForAnyThread() throws Exception {
    Snapshot atOne = storage.run(1, () -> AsyncLocalStorage.snapshot());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Integer[] seen = new Integer[1];
      pool.submit(atOne.wrap(() -> { seen[0] = storage.getStore(); })).get(10, TimeUnit.SECONDS);
      Callable<Integer> read = atOne.wrap(storage::getStore);

      assertThat(seen[0]).isEqualTo(1);
      assertThat(pool.submit(read).get(10, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(pool.submit(storage::getStore).get(10, TimeUnit.SECONDS))
          .as("the pool thread is back in its own context afterwards")
          .isNull();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void bindCapturesTheContextOfTheCall() throws Exception {
    Runnable[] bound = new Runnable[1];
    Integer[] seen = new Integer[1];
    Callable<Integer> boundCallable =
        storage.run(
            5,
            () -> {
              bound[0] = AsyncLocalStorage.bind(() -> { seen[0] = storage.getStore(); });
              return AsyncLocalStorage.bind(storage::getStore);
            });

    storage.run(6, bound[0]);

    assertThat(seen[0]).isEqualTo(5);
    assertThat(boundCallable.call()).isEqualTo(5);
    assertThat(storage.getStore()).isNull();
  }

  @Test
  void snapshotFiresNoHooks() {
    RecordingHook hook = RecordingHook.enabled();
    try {
      AsyncLocalStorage.snapshot().run(() -> {});
      AsyncLocalStorage.bind(() -> {}).run();

      // destroy events of other tests' collected resources may arrive at any time; none else may
      assertThat(hook.events()).allMatch(event -> event.startsWith("destroy "));
    } finally {
      hook.disable();
    }
  }

  @Test
  void nullArgumentsAreRejectedWithTheirName() {
    Snapshot snapshot = AsyncLocalStorage.snapshot();
    assertThatThrownBy(() -> snapshot.run((Runnable) null)).hasMessage("fn");
    assertThatThrownBy(() -> snapshot.run((Supplier<String>) null)).hasMessage("fn");
    assertThatThrownBy(() -> snapshot.call(null)).hasMessage("op");
    assertThatThrownBy(() -> snapshot.wrap((Runnable) null)).hasMessage("fn");
    assertThatThrownBy(() -> snapshot.wrap((Callable<String>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("fn");
    assertThatThrownBy(() -> AsyncLocalStorage.bind((Callable<String>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("fn");
    assertThatThrownBy(() -> snapshot.forEach(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("action");
  }

  @Test
  void enterWithReplacesTheWholeContextUntilTheEnclosingRunEnds() {
    AsyncLocalStorage<String> other = new AsyncLocalStorage<>("other");
    Snapshot captured = storage.run(1, () -> AsyncLocalStorage.snapshot());

    other.run(
        "outer",
        () -> {
          Snapshot previous = AsyncLocalStorage.snapshot();
          captured.enterWith();
          assertThat(storage.getStore()).isEqualTo(1);
          assertThat(other.getStore()).as("the whole context is replaced").isNull();

          previous.enterWith();
          assertThat(storage.getStore()).isNull();
          assertThat(other.getStore()).isEqualTo("outer");

          captured.enterWith();
        });

    assertThat(storage.getStore()).as("the enclosing run restores its caller's context").isNull();
    assertThat(other.getStore()).isNull();
  }

  @Test
  void theEmptySnapshotClearsEveryStore() {
    storage.run(
        7,
        () -> {
          assertThat(AsyncLocalStorage.snapshot().isEmpty()).isFalse();
          Snapshot.empty().enterWith();
          assertThat(storage.getStore()).isNull();
          assertThat(AsyncLocalStorage.snapshot().isEmpty()).isTrue();
        });
    assertThat(Snapshot.empty()).isSameAs(Snapshot.empty());
  }

  @Test
  void forEachVisitsEachLiveStoreInTheOrderTheStoragesWereCreatedWhateverTheOrderEntered() {
    AsyncLocalStorage<String> tenant = new AsyncLocalStorage<>("tenant");
    AsyncLocalStorage<String> gone = new AsyncLocalStorage<>("gone");
    Snapshot tenantFirst =
        tenant.run("acme", () -> gone.run("x", () -> storage.run(3, () -> AsyncLocalStorage.snapshot())));
    Snapshot tenantLast =
        storage.run(3, () -> gone.run("x", () -> tenant.run("acme", () -> AsyncLocalStorage.snapshot())));
    gone.disable(); // after the capture: the snapshots still hold its store
    java.util.List<String> first = new java.util.ArrayList<>();
    java.util.List<String> last = new java.util.ArrayList<>();

    tenantFirst.forEach((s, store) -> first.add(s.name() + "=" + store));
    tenantLast.forEach((s, store) -> last.add(s.name() + "=" + store));

    assertThat(first).containsExactly("=3", "tenant=acme").isEqualTo(last);
  }

  @Test
  void withAndWithoutDeriveNewContextsAndLeaveTheSnapshotAsItWas() {
    AsyncLocalStorage<String> other = new AsyncLocalStorage<>("other");
    Snapshot captured = storage.run(1, () -> other.run("o", () -> AsyncLocalStorage.snapshot()));

    Snapshot replaced = captured.with(storage, 2);
    Snapshot removed = captured.without(storage);

    assertThat(replaced.run(() -> storage.getStore() + "/" + other.getStore())).isEqualTo("2/o");
    assertThat(removed.run(() -> storage.getStore() + "/" + other.getStore())).isEqualTo("null/o");
    assertThat(captured.run(() -> storage.getStore() + "/" + other.getStore())).isEqualTo("1/o");
    assertThat(captured.with(storage, 1)).as("the same store: the same context").isSameAs(captured);
    assertThat(Snapshot.empty().without(storage)).isSameAs(Snapshot.empty());
    assertThatThrownBy(() -> captured.with(storage, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("store");
    assertThatThrownBy(() -> captured.without(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("storage");
  }

  @Test
  void isCurrentTellsWhetherTheThreadIsStillInTheCapturedContext() {
    storage.run(
        1,
        () -> {
          Snapshot captured = AsyncLocalStorage.snapshot();
          assertThat(captured.isCurrent()).isTrue();
          storage.run(2, () -> assertThat(captured.isCurrent()).isFalse());
          assertThat(captured.isCurrent()).as("after the inner run").isTrue();
          storage.enterWith(3);
          assertThat(captured.isCurrent()).isFalse();
          captured.enterWith();
          assertThat(captured.isCurrent()).isTrue();
        });
    assertThat(Snapshot.empty().isCurrent()).isTrue();
  }
}

package dev.baton.internal.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AsyncHook;
import dev.baton.AsyncHooks;
import dev.baton.AsyncLocalStorage;
import dev.baton.internal.GcTesting;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listener records, driven by hand as the agent's advice on a future's methods drives them. */
class FutureListenersTest {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final List<String> seen = new ArrayList<>();

  /** A future's call of {@code listener}, as the instrumented call site makes it. */
  private void call(Object future, Runnable listener) {
    Object saved = FutureListeners.beforeCall(future, listener);
    try {
      listener.run();
    } finally {
      FutureListeners.afterCall(saved);
    }
  }

  private Runnable recording(String name) {
    return () -> seen.add(name + ":" + storage.getStore());
  }

  @Test
  void eachAdditionIsTakenByOneCallOfThatListenerOnThatFutureInOrder() {
    Object first = new Object();
    Object second = new Object();
    Runnable shared = recording("shared");
    storage.run("r1", () -> FutureListeners.onAdded(first, shared));
    storage.run("r2", () -> FutureListeners.onAdded(second, shared));
    storage.run("r3", () -> FutureListeners.onAdded(first, shared));

    storage.run(
        "completer",
        () -> {
          call(second, shared);
          call(first, shared);
          call(first, shared);
          call(first, shared); // no addition left: the completer's own context
          assertThat(storage.getStore()).isEqualTo("completer");
        });

    assertThat(seen).containsExactly("shared:r2", "shared:r1", "shared:r3", "shared:completer");
    assertThat(FutureListeners.pendingFutures()).isZero();
  }

  @Test
  void aRemovedAdditionIsNeverEnteredAndLeavesNothingBehind() {
    Object future = new Object();
    Runnable listener = recording("listener");
    storage.run("removed", () -> FutureListeners.onAdded(future, listener));
    storage.run("kept", () -> FutureListeners.onAdded(future, listener));

    FutureListeners.onRemoved(future, listener);
    call(future, listener);
    FutureListeners.onRemoved(future, listener); // nothing left: no effect

    assertThat(seen).containsExactly("listener:kept");
    assertThat(FutureListeners.pendingFutures()).isZero();
  }

  @Test
  void aCallThatThrowsStillPutsTheCallersContextBack() {
    Object future = new Object();
    Runnable failing =
        () -> {
          throw new IllegalStateException("listener failed in " + storage.getStore());
        };
    storage.run("registrar", () -> FutureListeners.onAdded(future, failing));

    storage.run(
        "completer",
        () -> {
          assertThatThrownBy(() -> call(future, failing)).hasMessage("listener failed in registrar");
          assertThat(storage.getStore()).isEqualTo("completer");
        });
  }

  @Test
  void progressEntersTheAdditionWithoutTakingIt() {
    Object future = new Object();
    Runnable listener = recording("listener");
    storage.run("registrar", () -> FutureListeners.onAdded(future, listener));

    for (int i = 0; i < 2; i++) {
      Object saved = FutureListeners.beforeProgress(future, listener);
      try {
        seen.add("progress:" + storage.getStore());
      } finally {
        FutureListeners.afterCall(saved);
      }
    }
    call(future, listener);

    assertThat(seen).containsExactly("progress:registrar", "progress:registrar", "listener:registrar");
    assertThat(storage.getStore()).isNull();
  }

  @Test
  void aListenerCalledWithoutItsFutureFindsItsAdditionUnderTheFutureCompletingOnTheThread() {
    Object outer = new Object();
    Object inner = new Object();
    Runnable listener = recording("listener");
    storage.run("on outer", () -> FutureListeners.onAdded(outer, listener));
    storage.run("on inner", () -> FutureListeners.onAdded(inner, listener));

    Object before = FutureListeners.enterCompleting(outer);
    try {
      Object nested = FutureListeners.enterCompleting(inner);
      try {
        callWithoutFuture(listener);
      } finally {
        FutureListeners.exitCompleting(nested);
      }
      callWithoutFuture(listener);
    } finally {
      FutureListeners.exitCompleting(before);
    }
    callWithoutFuture(listener); // no future completing: the thread's own context

    assertThat(seen).containsExactly("listener:on inner", "listener:on outer", "listener:null");
  }

  private void callWithoutFuture(Runnable listener) {
    Object saved = FutureListeners.beforeCall(listener);
    try {
      listener.run();
    } finally {
      FutureListeners.afterCall(saved);
    }
  }

  /** A future as Netty's and Vert.x's are: it holds its listeners. */
  private static final class HoldingFuture {
    final List<Runnable> listeners = new ArrayList<>();
  }

  @Test
  void aFutureThatNeverCompletesGoesWithItsEntriesThoughItsListenerRefersToIt() throws Exception {
    WeakReference<HoldingFuture> collected = addSelfReferringListener();

    assertThat(GcTesting.collectedWithin(collected, 10)).as("the future was collected").isTrue();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (FutureListeners.pendingFutures() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10); // the table unlinks collected keys on a thread of its own
    }
    assertThat(FutureListeners.pendingFutures()).isZero();
  }

  private WeakReference<HoldingFuture> addSelfReferringListener() {
    HoldingFuture future = new HoldingFuture();
    Runnable listener = () -> seen.add("never called, for " + future);
    future.listeners.add(listener);
    storage.run("registrar", () -> FutureListeners.onAdded(future, listener));
    assertThat(FutureListeners.pendingFutures()).isEqualTo(1);
    return new WeakReference<>(future);
  }

  @Test
  void withAHookEachAdditionIsAResourceInitedWhenAddedAndDestroyedAfterItsCallOrRemoval() {
    List<String> events = new ArrayList<>();
    AsyncHook hook =
        AsyncHooks.createHook(
            new AsyncHook.Callbacks() {
              @Override
              public void init(long asyncId, String type, long trigger, Object resource) {
                events.add("init " + type);
              }

              @Override
              public void before(long asyncId) {
                events.add("before");
              }

              @Override
              public void after(long asyncId) {
                events.add("after");
              }

              @Override
              public void destroy(long asyncId) {
                events.add("destroy");
              }
            });
    hook.enable();
    try {
      Object future = new Object();
      Runnable called = () -> events.add("called");
      Runnable removed = () -> events.add("never");
      FutureListeners.onAdded(future, called);
      FutureListeners.onAdded(future, removed);
      call(future, called);
      FutureListeners.onRemoved(future, removed);
    } finally {
      hook.disable();
    }

    assertThat(events)
        .containsExactly(
            "init FutureListener", "init FutureListener", "before", "called", "after", "destroy", "destroy");
  }
}

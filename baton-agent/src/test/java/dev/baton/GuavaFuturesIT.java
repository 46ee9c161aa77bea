package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListenableFutureTask;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Guava's {@code ListenableFuture} under the agent: listeners, callbacks and transformations run in
 * the context of the code that added them, as a promise's {@code then} callback does in Node,
 * whichever thread completes the future and whatever context that thread is in.
 */
class GuavaFuturesIT {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final AnotherRequest otherRequest = new AnotherRequest(storage, "other request");
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void shutDown() {
    otherRequest.close();
    pool.shutdownNow();
  }

  private String store() {
    return String.valueOf(storage.getStore());
  }

  @Test
  void aListenerRunsInTheContextThatAddedItOnTheCompletingThreadAndOnAPool() throws Exception {
    SettableFuture<String> future = SettableFuture.create();
    CountDownLatch ran = new CountDownLatch(2);
    storage.run(
        "registrar",
        () -> {
          future.addListener(() -> seen.add("direct:" + store()), MoreExecutors.directExecutor());
          future.addListener(
              () -> {
                seen.add("pool:" + store());
                ran.countDown();
              },
              pool);
          future.addListener(ran::countDown, pool);
        });

    otherRequest.run(() -> future.set("v"));

    assertThat(ran.await(10, SECONDS)).isTrue();
    assertThat(seen).containsExactlyInAnyOrder("direct:registrar", "pool:registrar");
    assertThat(pool.submit(this::store).get(10, SECONDS)).as("nothing left on the pool").isEqualTo("null");
  }

  @Test
  void theExecutorReceivesTheListenerItself() throws Exception {
    SettableFuture<String> future = SettableFuture.create();
    List<Runnable> received = new CopyOnWriteArrayList<>();
    Executor recording =
        new Executor() {
          @Override
          public void execute(Runnable command) {
            received.add(command);
            command.run();
          }
        };
    Runnable listener = () -> seen.add(store());

    storage.run("registrar", () -> future.addListener(listener, recording));
    otherRequest.run(() -> future.set("v"));

    assertThat(received).containsExactly(listener);
    assertThat(seen).containsExactly("registrar");
  }

  @Test
  void aListenerAddedInNoContextRunsInNoneWhateverContextCompletesTheFuture() throws Exception {
    SettableFuture<String> future = SettableFuture.create();
    future.addListener(() -> seen.add(store()), MoreExecutors.directExecutor());

    otherRequest.run(() -> future.set("v"));

    assertThat(seen).containsExactly("null");
  }

  @Test
  void callbacksAndTransformationsRunInTheContextThatRegisteredThem() throws Exception {
    SettableFuture<String> succeeding = SettableFuture.create();
    SettableFuture<String> failing = SettableFuture.create();
    CountDownLatch called = new CountDownLatch(2);
    ListenableFuture<String> chain =
        storage.call(
            "registrar",
            () -> {
              FutureCallback<String> callback =
                  new FutureCallback<>() {
                    @Override
                    public void onSuccess(String result) {
                      seen.add("onSuccess:" + store());
                      called.countDown();
                    }

                    @Override
                    public void onFailure(Throwable failure) {
                      seen.add("onFailure:" + failure.getMessage() + ":" + store());
                      called.countDown();
                    }
                  };
              Futures.addCallback(succeeding, callback, MoreExecutors.directExecutor());
              Futures.addCallback(failing, callback, pool);
              ListenableFuture<String> transformed =
                  Futures.transform(succeeding, v -> v + ">transform:" + store(), pool);
              ListenableFuture<String> async =
                  Futures.transformAsync(
                      transformed, v -> Futures.immediateFuture(v + ">transformAsync:" + store()), MoreExecutors.directExecutor());
              return Futures.catching(
                  async, IllegalStateException.class, e -> "caught", MoreExecutors.directExecutor());
            });

    otherRequest.run(() -> succeeding.set("v"));
    try (AnotherRequest failer = new AnotherRequest(storage, "failer")) {
      failer.run(() -> failing.setException(new IllegalStateException("boom")));
    }

    assertThat(chain.get(10, SECONDS)).isEqualTo("v>transform:registrar>transformAsync:registrar");
    assertThat(called.await(10, SECONDS)).isTrue();
    assertThat(seen).containsExactlyInAnyOrder("onSuccess:registrar", "onFailure:boom:registrar");
  }

  @Test
  void aListenableFutureTaskRunsItsListenersInTheContextThatAddedThem() throws Exception {
    ListenableFutureTask<String> task = ListenableFutureTask.create(this::store);
    CountDownLatch ran = new CountDownLatch(1);
    storage.run(
        "registrar",
        () ->
            task.addListener(
                () -> {
                  seen.add("listener:" + store());
                  ran.countDown();
                },
                pool));

    storage.run("runner", () -> pool.execute(task));

    assertThat(task.get(10, SECONDS)).as("the task itself runs in its submitter's context").isEqualTo("runner");
    assertThat(ran.await(10, SECONDS)).isTrue();
    assertThat(seen).containsExactly("listener:registrar");
  }

  @Test
  void aListenerAddedToACompletedFutureRunsAtOnceInTheAddingContext() {
    ListenableFuture<String> done = Futures.immediateFuture("v");
    SettableFuture<String> set = SettableFuture.create();
    set.set("v");

    storage.run(
        "late",
        () -> {
          done.addListener(() -> seen.add("immediate:" + store()), MoreExecutors.directExecutor());
          set.addListener(() -> seen.add("settable:" + store()), MoreExecutors.directExecutor());
        });

    assertThat(seen).containsExactly("immediate:late", "settable:late");
  }
}

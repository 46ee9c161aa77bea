package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import io.vertx.core.Vertx;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing of a request stays reachable once its work has run: objects that live on (an executor's
 * own worker, relayed to another executor during a submission) keep no request's context.
 */
class RetentionIT {

  private final AsyncLocalStorage<byte[]> storage = new AsyncLocalStorage<>("payload");
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void shutDown() {
    pool.shutdownNow();
  }

  @Test
  void aSequentialExecutorsLongLivedWorkerKeepsNoRequestsStore() throws Exception {
    Executor sequential = MoreExecutors.newSequentialExecutor(pool);
    WeakReference<byte[]> store = runRequest(sequential);

    assertThat(collected(store)).as("the request's store is collected while the executor lives").isTrue();
    // The executor still works, and still carries the context of later requests
    CompletableFuture<Integer> later = new CompletableFuture<>();
    storage.run(new byte[7], () -> sequential.execute(() -> later.complete(storage.getStore().length)));
    assertThat(later.get(10, SECONDS)).isEqualTo(7);
  }

  /** A request with a large store, handing a task to {@code executor}; returns its store, weakly. */
  private WeakReference<byte[]> runRequest(Executor executor) throws Exception {
    return handingOver(seen -> executor.execute(() -> seen.complete(storage.getStore().length)));
  }

  /**
   * A request with a large store, in which {@code handOver} hands work over that completes {@code
   * seen} with the length of the store it sees; returns the store, weakly, once the work has run.
   */
  private WeakReference<byte[]> handingOver(Consumer<CompletableFuture<Integer>> handOver) throws Exception {
    byte[] payload = new byte[8 << 20];
    WeakReference<byte[]> weak = new WeakReference<>(payload);
    CompletableFuture<Integer> seen = new CompletableFuture<>();
    storage.run(payload, () -> handOver.accept(seen));
    assertThat(seen.get(10, SECONDS)).as("the work saw the request's store").isEqualTo(8 << 20);
    return weak;
  }

  @Test
  void scheduledAndCancelledPeriodicTasksKeepNoRequestsStore() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      WeakReference<byte[]> once =
          handingOver(seen -> scheduler.schedule(() -> seen.complete(storage.getStore().length), 1, MILLISECONDS));
      ScheduledFuture<?>[] periodic = new ScheduledFuture<?>[1];
      WeakReference<byte[]> repeating =
          handingOver(
              seen ->
                  periodic[0] =
                      scheduler.scheduleAtFixedRate(() -> seen.complete(storage.getStore().length), 0, 1, MILLISECONDS));
      periodic[0].cancel(false);
      scheduler.submit(() -> null).get(10, SECONDS); // the cancelled task has left the queue's run

      assertThat(collected(once)).as("one-shot").isTrue();
      assertThat(collected(repeating)).as("periodic, once cancelled").isTrue();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void forkJoinStagesTimersAndThreadsKeepNoRequestsStore() throws Exception {
    ForkJoinPool forkJoin = new ForkJoinPool(2);
    Timer timer = new Timer(true);
    try {
      assertThat(collected(handingOver(seen -> forkJoin.execute(() -> seen.complete(storage.getStore().length)))))
          .as("ForkJoin")
          .isTrue();
      CompletableFuture<String> source = new CompletableFuture<>();
      WeakReference<byte[]> stage = handingOver(seen -> {
        source.thenRunAsync(() -> seen.complete(storage.getStore().length), pool);
        source.complete("go");
      });
      assertThat(collected(stage)).as("CompletableFuture stage").isTrue();
      WeakReference<byte[]> timed =
          handingOver(
              seen ->
                  timer.schedule(
                      new TimerTask() {
                        @Override
                        public void run() {
                          seen.complete(storage.getStore().length);
                        }
                      },
                      1));
      assertThat(collected(timed)).as("Timer").isTrue();
      Thread[] started = new Thread[1];
      WeakReference<byte[]> threaded = handingOver(seen -> {
        started[0] = new Thread(() -> seen.complete(storage.getStore().length));
        started[0].start();
      });
      started[0].join(10_000);
      assertThat(collected(threaded)).as("Thread, the Thread object still referenced").isTrue();
    } finally {
      forkJoin.shutdownNow();
      timer.cancel();
    }
  }

  @Test
  void listenersOfNettyGuavaAndVertxFuturesKeepNoRequestsStore() throws Exception {
    EventExecutor loop = new DefaultEventExecutor();
    Vertx vertx = Vertx.vertx();
    try {
      // The event loops' threads start inside the requests, lazily, and run for good: they must
      // not keep those requests' contexts
      io.vertx.core.Context vertxLoop = vertx.getOrCreateContext();
      Promise<String> netty = loop.newPromise();
      WeakReference<byte[]> nettyStore =
          handingOver(seen -> {
            netty.addListener(done -> seen.complete(storage.getStore().length));
            netty.setSuccess("done");
          });
      SettableFuture<String> guava = SettableFuture.create();
      WeakReference<byte[]> guavaStore =
          handingOver(seen -> {
            guava.addListener(() -> seen.complete(storage.getStore().length), pool);
            guava.set("done");
          });
      io.vertx.core.Promise<String> vertxPromise = io.vertx.core.Promise.promise();
      WeakReference<byte[]> vertxStore =
          handingOver(seen -> {
            vertxPromise.future().onComplete(done -> seen.complete(storage.getStore().length));
            vertxLoop.runOnContext(ignored -> vertxPromise.complete("done"));
          });

      // The futures live on, completed, with their listeners called
      assertThat(collected(nettyStore)).as("Netty").isTrue();
      assertThat(collected(guavaStore)).as("Guava").isTrue();
      assertThat(collected(vertxStore)).as("Vert.x").isTrue();
      assertThat(netty.isDone() && guava.isDone() && vertxPromise.future().isComplete()).isTrue();
    } finally {
      loop.shutdownGracefully(0, 1, SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, SECONDS);
    }
  }

  /** Whether {@code reference} is cleared within a bounded number of collections. */
  static boolean collected(WeakReference<?> reference) throws InterruptedException {
    for (int i = 0; i < 50 && reference.get() != null; i++) {
      System.gc();
      Thread.sleep(20); // gives reference processing its turn; bounded, not synchronisation
    }
    return reference.get() == null;
  }
}

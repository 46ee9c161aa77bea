package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import dev.baton.internal.util.Faults;
import dev.baton.internal.util.Reports;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failure inside Baton never fails the application's call: with a fault injected into Baton's
 * own work at each boundary, the host call succeeds, its task or listener still runs (without the
 * context Baton could not give it), and Baton reports it once, through {@code System.Logger}
 * "dev.baton".
 */
class FaultsIT {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final CapturedReports captured = new CapturedReports();
  private final List<String> reports = captured.messages();

  @BeforeEach
  void captureReports() {
    captured.start(); // the reports are asserted, not printed
  }

  @AfterEach
  void disarm() {
    Faults.disarm();
    captured.stop();
    pool.shutdownNow();
  }

  @Test
  void aSubmissionBatonCannotTrackStillRunsItsTask() throws Exception {
    Faults.arm(Faults.SUBMIT);

    String seen = storage.call("r-1", () -> pool.submit(() -> String.valueOf(storage.getStore()))).get(10, SECONDS);

    assertThat(seen).isEqualTo("null");
    assertThat(reports)
        .singleElement()
        .asString()
        .startsWith("baton: could not attach the context to ")
        .contains("it runs without it: java.lang.IllegalStateException: fault injected at submit");
  }

  @Test
  void aRunWhoseContextBatonCannotEnterStillRuns() throws Exception {
    ExecutorService relaying = Executors.newSingleThreadExecutor();
    try {
      Faults.arm(Faults.RUN);
      CompletableFuture<String> seen = new CompletableFuture<>();
      Runnable task = () -> seen.complete(String.valueOf(storage.getStore()));

      storage.run("r-2", () -> relaying.execute(task));

      assertThat(seen.get(10, SECONDS)).isEqualTo("null");
      // The task's run, and the run of whatever else Baton gives a context meanwhile (a wait's signaller)
      assertThat(reports)
          .allSatisfy(report -> assertThat(report).startsWith("baton: could not enter the context of ").endsWith("fault injected at run"))
          .anySatisfy(report -> assertThat(report).contains(task.getClass().getName()));
    } finally {
      relaying.shutdownNow();
    }
  }

  @Test
  void aStageATimerAThreadAndAForkStillRun() throws Exception {
    Faults.arm(Faults.SUBMIT);
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> stage = storage.call("r-3", () -> source.thenApplyAsync(v -> v + storage.getStore(), pool));
    CompletableFuture<String> timed = new CompletableFuture<>();
    Timer timer = new Timer(true);
    CompletableFuture<String> threaded = new CompletableFuture<>();
    try {
      storage.run(
          "r-3",
          () -> {
            timer.schedule(
                new TimerTask() {
                  @Override
                  public void run() {
                    timed.complete("timer " + storage.getStore());
                  }
                },
                1);
            new Thread(() -> threaded.complete("thread " + storage.getStore())).start();
          });
      Integer forked = storage.call("r-3", () -> ForkJoinPool.commonPool().invoke(new Sum(0, 1000)));
      source.complete("stage ");

      assertThat(stage.get(10, SECONDS)).isEqualTo("stage null");
      assertThat(timed.get(10, SECONDS)).isEqualTo("timer null");
      assertThat(threaded.get(10, SECONDS)).isEqualTo("thread null");
      assertThat(forked).isEqualTo(499_500);
      assertThat(reports).isNotEmpty().allSatisfy(report -> assertThat(report).contains("fault injected at submit"));
    } finally {
      timer.cancel();
    }
  }

  @Test
  void aNettyListenerBatonCannotTrackIsAddedAndCalled() throws Exception {
    EventExecutor loop = new DefaultEventExecutor();
    try {
      for (String point : List.of(Faults.LISTENER_ADDED, Faults.LISTENER_CALL)) {
        Reports.BATON.forget();
        reports.clear();
        Faults.arm(point);
        Promise<String> promise = loop.newPromise();
        CompletableFuture<String> called = new CompletableFuture<>();

        storage.run("r-4", () -> promise.addListener(done -> called.complete(done.getNow() + " " + storage.getStore())));
        promise.setSuccess("done");

        assertThat(called.get(10, SECONDS)).isEqualTo("done null");
        assertThat(reports)
            .as(point)
            .singleElement()
            .asString()
            .contains("the listener runs without it: java.lang.IllegalStateException: fault injected at " + point);
      }
    } finally {
      loop.shutdownGracefully(0, 1, SECONDS);
    }
  }

  @Test
  void aGuavaListenerBatonCannotTrackIsStillHandedToItsExecutor() throws Exception {
    Faults.arm(Faults.LISTENER_EXECUTOR);
    SettableFuture<String> future = SettableFuture.create();
    CompletableFuture<String> called = new CompletableFuture<>();

    storage.run("r-5", () -> future.addListener(() -> called.complete("listener " + storage.getStore()), pool));
    future.set("v");

    assertThat(called.get(10, SECONDS)).isEqualTo("listener null");
    assertThat(reports)
        .singleElement()
        .asString()
        .contains("could not keep the context of a listener handed to")
        .contains("fault injected at listener executor");
    assertThat(MoreExecutors.directExecutor()).isNotNull();
  }

  @Test
  void reportsOfOneKindAreThinnedOut() throws Exception {
    Faults.arm(Faults.SUBMIT);
    for (int i = 0; i < 25; i++) {
      storage.call("r-6", () -> pool.submit(() -> "ran")).get(10, SECONDS);
    }

    assertThat(reports).hasSize(2);
    assertThat(reports.get(1)).endsWith("(10 times so far; reports of this kind are thinned out)");
  }

  private static final class Sum extends RecursiveTask<Integer> {
    private final int from;
    private final int to;

    Sum(int from, int to) {
      this.from = from;
      this.to = to;
    }

    @Override
    protected Integer compute() {
      if (to - from <= 100) {
        int sum = 0;
        for (int i = from; i < to; i++) {
          sum += i;
        }
        return sum;
      }
      int middle = (from + to) / 2;
      Sum left = new Sum(from, middle);
      left.fork();
      return new Sum(middle, to).compute() + left.join();
    }
  }
}

package dev.baton;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Executors the agent makes propagate without being told about them: the JDK's pools and Netty's. */
class ExecutorsIT {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final List<ExecutorService> pools = new CopyOnWriteArrayList<>();

  @AfterEach
  void shutDown() {
    pools.forEach(ExecutorService::shutdownNow);
  }

  private <E extends ExecutorService> E track(E pool) {
    pools.add(pool);
    return pool;
  }

  @Test
  void theCommonForkJoinPoolRunsEveryKindOfSubmissionInTheSubmittersContext() throws Exception {
    ForkJoinPool common = ForkJoinPool.commonPool();
    CompletableFuture<String> executed = new CompletableFuture<>();

    List<String> seen =
        storage.call(
            "fj",
            () -> {
              common.execute(() -> executed.complete(storage.getStore()));
              return List.of(
                  common.submit(storage::getStore).get(10, SECONDS),
                  common.invoke(new ReadStore()),
                  common.submit(new ReadStore()).get(10, SECONDS),
                  executed.get(10, SECONDS));
            });

    assertThat(seen).containsExactly("fj", "fj", "fj", "fj");
    assertThat(common.submit(() -> String.valueOf(storage.getStore())).get(10, SECONDS))
        .as("a later task submitted without a store")
        .isEqualTo("null");
  }

  @Test
  void forkedSubtasksRunInTheContextOfTheTaskThatForkedThem() throws Exception {
    ForkJoinPool pool = track(new ForkJoinPool(2));

    Set<String> seen = storage.call("forking", () -> pool.invoke(new StoresBelow(64)));

    assertThat(seen).containsExactly("forking");
  }

  @Test
  void aParallelStreamSeesTheCallersStoreOnEveryElement() {
    List<String> seen =
        storage.call(
            "stream",
            () ->
                IntStream.range(0, 10_000)
                    .parallel()
                    .mapToObj(i -> String.valueOf(storage.getStore()))
                    .collect(Collectors.toList()));

    assertThat(seen).hasSize(10_000).containsOnly("stream");
  }

  @Test
  void forkJoinWorkersCreatedInsideARequestStartInNoOnesContext() throws Exception {
    List<String> seenAtWorkerStart = new CopyOnWriteArrayList<>();
    ForkJoinPool pool =
        track(
            new ForkJoinPool(
                2,
                p ->
                    new ForkJoinWorkerThread(p) {
                      @Override
                      protected void onStart() {
                        super.onStart();
                        seenAtWorkerStart.add(String.valueOf(storage.getStore()));
                      }
                    },
                null,
                false));

    assertThat(storage.call("creates-the-workers", () -> pool.submit(storage::getStore).get(10, SECONDS)))
        .isEqualTo("creates-the-workers");
    assertThat(seenAtWorkerStart).isNotEmpty().containsOnly("null");
  }

  @Test
  void aPoolThreadCreatedLazilyInsideARequestDoesNotKeepItsStore() throws Exception {
    List<String> seenByThreads = new CopyOnWriteArrayList<>();
    CountDownLatch threadEnded = new CountDownLatch(1);
    ExecutorService pool =
        track(
            new ThreadPoolExecutor(
                1,
                1,
                0,
                SECONDS,
                new LinkedBlockingQueue<>(),
                task ->
                    new Thread(
                        () -> {
                          seenByThreads.add("start:" + storage.getStore());
                          task.run();
                          seenByThreads.add("end:" + storage.getStore());
                          threadEnded.countDown();
                        })));

    assertThat(storage.call("first-request", () -> pool.submit(storage::getStore).get(10, SECONDS)))
        .isEqualTo("first-request");
    assertThat(pool.submit(() -> String.valueOf(storage.getStore())).get(10, SECONDS))
        .as("the next task, submitted without a store, on the same thread")
        .isEqualTo("null");
    pool.shutdown();
    assertThat(threadEnded.await(10, SECONDS)).isTrue();
    assertThat(seenByThreads).containsExactly("start:null", "end:null");
  }

  @Test
  void aCancelledTaskLeavesTheWorkerInItsOwnContext() throws Exception {
    PropagationContract.AfterTaskObserver observer =
        new PropagationContract.AfterTaskObserver(() -> String.valueOf(storage.getStore()));
    ExecutorService pool = track(observer.threadPool(1, Executors.defaultThreadFactory()));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);

    Future<?> task =
        storage.call(
            "cancelled",
            () ->
                pool.submit(
                    () -> {
                      storage.enterWith("entered-before-cancel");
                      running.countDown();
                      try {
                        new CountDownLatch(1).await(10, SECONDS);
                      } catch (InterruptedException e) {
                        interrupted.countDown();
                      }
                    }));
    assertThat(running.await(10, SECONDS)).isTrue();
    assertThat(task.cancel(true)).isTrue();

    assertThat(interrupted.await(10, SECONDS)).isTrue();
    assertThat(observer.awaitTasks(1)).containsExactly("null");
    assertThat(pool.submit(() -> String.valueOf(storage.getStore())).get(10, SECONDS)).isEqualTo("null");
  }

  @Test
  void aRejectedTaskRunByHandLaterDoesNotEnterTheFailedSubmissionsContext() {
    ExecutorService stopped = track(Executors.newSingleThreadExecutor());
    stopped.shutdown();
    List<String> seen = new CopyOnWriteArrayList<>();
    Runnable task = new RecordingTask(storage, seen);

    storage.run(
        "caller",
        () -> {
          assertThatThrownBy(() -> stopped.execute(task))
              .isInstanceOf(RejectedExecutionException.class);
          assertThat(storage.getStore()).isEqualTo("caller");
        });
    task.run();

    assertThat(seen).containsExactly("null");
  }

  @Test
  void aTaskRunByTheCallerAfterRejectionRunsInTheCallersContextAndLeavesItUnchanged()
      throws Exception {
    ExecutorService saturated =
        track(
            new ThreadPoolExecutor(
                1, 1, 0, SECONDS, new SynchronousQueue<>(), new ThreadPoolExecutor.CallerRunsPolicy()));
    CountDownLatch release = new CountDownLatch(1);
    saturated.execute(() -> awaitQuietly(release));
    List<String> seen = new CopyOnWriteArrayList<>();

    storage.run(
        "caller",
        () -> {
          saturated.execute(
              () -> {
                seen.add(Thread.currentThread().getName() + ":" + storage.getStore());
                storage.enterWith("changed by the task");
              });
          assertThat(storage.getStore()).isEqualTo("caller");
        });
    release.countDown();

    assertThat(seen).containsExactly(Thread.currentThread().getName() + ":caller");
  }

  @Test
  void nettyEventLoopsRunTasksInTheContextOfTheCodeThatScheduledThem() throws Exception {
    DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
    try {
      EventLoop loop = group.next();
      CompletableFuture<String> executed = new CompletableFuture<>();
      CountDownLatch threeTicks = new CountDownLatch(3);
      List<String> ticks = new CopyOnWriteArrayList<>();

      ScheduledFuture<?> periodic =
          storage.call(
              "netty",
              () -> {
                loop.execute(() -> executed.complete(storage.getStore()));
                assertThat(loop.submit(storage::getStore).get(10, SECONDS)).isEqualTo("netty");
                assertThat(loop.schedule(storage::getStore, 1, MILLISECONDS).get(10, SECONDS))
                    .isEqualTo("netty");
                return loop.scheduleAtFixedRate(
                    () -> {
                      ticks.add(storage.getStore());
                      storage.enterWith("must not survive the tick");
                      threeTicks.countDown();
                    },
                    0,
                    1,
                    MILLISECONDS);
              });

      assertThat(executed.get(10, SECONDS)).isEqualTo("netty");
      assertThat(threeTicks.await(10, SECONDS)).isTrue();
      periodic.cancel(false);
      assertThat(ticks).containsOnly("netty");
      assertThat(loop.submit(() -> String.valueOf(storage.getStore())).get(10, SECONDS))
          .as("the event loop between tasks")
          .isEqualTo("null");
    } finally {
      group.shutdownGracefully(0, 1, SECONDS).await(10, SECONDS);
    }
  }

  @Test
  void aScheduledTaskCancelledBeforeItRunsLeavesNothingBehind() throws Exception {
    var scheduler = track(Executors.newSingleThreadScheduledExecutor());
    List<String> seen = new CopyOnWriteArrayList<>();

    var cancelled = storage.call("cancelled", () -> scheduler.schedule(new RecordingTask(storage, seen), 1, TimeUnit.HOURS));
    assertThat(cancelled.cancel(false)).isTrue();

    assertThat(scheduler.submit(() -> String.valueOf(storage.getStore())).get(10, SECONDS)).isEqualTo("null");
    assertThat(seen).isEmpty();
  }

  @Test
  void aTaskASameThreadExecutorRunsInlineHandsItsOwnWorkOverInItsContext() throws Exception {
    ExecutorService pool = track(Executors.newSingleThreadExecutor());
    Executor direct = new SameThreadExecutor(); // as Guava's directExecutor()
    CompletableFuture<String> submitted = new CompletableFuture<>();
    CompletableFuture<String> started = new CompletableFuture<>();

    storage.run(
        "outer",
        () ->
            direct.execute(
                () ->
                    storage.run(
                        "callback",
                        () -> {
                          pool.execute(() -> submitted.complete(storage.getStore()));
                          new Thread(() -> started.complete(storage.getStore())).start();
                        })));

    assertThat(submitted.get(10, SECONDS)).isEqualTo("callback");
    assertThat(started.get(10, SECONDS)).isEqualTo("callback");
  }

  /** An executor of the application's own that runs each task on the calling thread. */
  static final class SameThreadExecutor implements Executor {
    @Override
    public void execute(Runnable command) {
      command.run();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A task of the user's own class: instrumented, not wrapped. */
  static final class RecordingTask implements Runnable {
    private final AsyncLocalStorage<String> storage;
    private final List<String> seen;

    RecordingTask(AsyncLocalStorage<String> storage, List<String> seen) {
      this.storage = storage;
      this.seen = seen;
    }

    @Override
    public void run() {
      seen.add(String.valueOf(storage.getStore()));
    }
  }

  private final class ReadStore extends RecursiveTask<String> {
    @Override
    protected String compute() {
      return storage.getStore();
    }
  }

  private final class StoresBelow extends RecursiveTask<Set<String>> {
    private final int size;

    StoresBelow(int size) {
      this.size = size;
    }

    @Override
    protected Set<String> compute() {
      if (size <= 1) {
        return Set.of(String.valueOf(storage.getStore()));
      }
      StoresBelow left = new StoresBelow(size / 2);
      left.fork();
      Set<String> right = new StoresBelow(size - size / 2).compute();
      Set<String> all = new java.util.HashSet<>(right);
      all.addAll(left.join());
      return all;
    }
  }
}

package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.internal.diagnostics.Diagnosis;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Context-loss detection, strict mode and async stack traces, under the agent. */
class DiagnosticsIT {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final AsyncLocalStorage<String> OTHER = new AsyncLocalStorage<>("other");

  private final List<Diagnostics.Report> reports = new CopyOnWriteArrayList<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private Diagnostics.Listening listening;

  @RegisterExtension final CapturedStandardError standardError = new CapturedStandardError();

  @BeforeEach
  void listen() {
    Diagnosis.forgetReports();
    listening = Diagnostics.addListener(reports::add);
  }

  @AfterEach
  void stop() throws InterruptedException {
    listening.close();
    // Each report is printed as it is handed to the listeners, and nothing else is
    String printed = standardError.printed();
    for (Diagnostics.Report report : reports) {
      assertThat(printed).contains(report.message());
    }
    assertThat(printed.lines().filter(line -> line.startsWith("baton:"))).hasSameSizeAs(reports);
    Diagnostics.detectContextLoss(false);
    Diagnostics.strictMode(false);
    AsyncTraces.disable();
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aHandRolledQueueAndConsumerThreadIsReportedWithItsProducerSite() throws Exception {
    Diagnostics.detectContextLoss(true);
    BlockingQueue<String> jobs = new LinkedBlockingQueue<>();
    CompletableFuture<String> seen = new CompletableFuture<>();
    Thread consumer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 2; i++) {
                  String job = jobs.take();
                  String id = REQUEST_ID.getStore(); // the read that finds nothing
                  if (i == 1) {
                    seen.complete(job + " saw " + id);
                  }
                }
              } catch (InterruptedException e) {
                seen.completeExceptionally(e);
              }
            },
            "consumer");
    consumer.start();

    for (int i = 0; i < 2; i++) {
      String job = "job-" + i;
      REQUEST_ID.run("r-" + i, () -> putQuietly(jobs, job)); // the hand-off Baton cannot see through
    }

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("job-1 saw null");
    assertThat(reports).as("once per place, however often it happens").hasSize(1);
    Diagnostics.Report report = reports.get(0);
    assertThat(report.kind()).isEqualTo(Diagnostics.Kind.CONTEXT_LOSS);
    assertThat(report.threadName()).isEqualTo("consumer");
    assertThat(report.storeNames()).containsExactly("requestId");
    assertThat(report.site().getMethodName()).startsWith("lambda$aHandRolledQueue");
    assertThat(report.handOffSite().getMethodName()).isEqualTo("putQuietly");
    assertThat(report.stack()).isNotEmpty().hasSizeLessThanOrEqualTo(16);
    assertThat(report.stack().get(0).getClassName()).isEqualTo("java.util.concurrent.LinkedBlockingQueue");
    assertThat(report.message())
        .contains("getStore() of \"requestId\" found no store at dev.baton.DiagnosticsIT.lambda$")
        .contains("through java.util.concurrent.LinkedBlockingQueue.put")
        .contains("called from dev.baton.DiagnosticsIT.lambda$aHandRolledQueue")
        .contains("AsyncLocalStorage.bind(work)");
  }

  @Test
  void workHandedOverBoundOrWithASnapshotIsNotReported() throws Exception {
    Diagnostics.detectContextLoss(true);
    BlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
    CompletableFuture<String> seen = new CompletableFuture<>();
    Thread consumer =
        new Thread(
            () -> {
              try {
                jobs.take().run();
                jobs.take().run();
              } catch (InterruptedException e) {
                seen.completeExceptionally(e);
              }
            },
            "consumer");
    consumer.start();

    Runnable read = () -> REQUEST_ID.getStore();
    REQUEST_ID.run("r-bound", () -> putQuietly(jobs, AsyncLocalStorage.bind(read)));
    REQUEST_ID.run(
        "r-snapshot",
        () -> {
          Snapshot snapshot = AsyncLocalStorage.snapshot();
          putQuietly(jobs, () -> seen.complete(snapshot.run(REQUEST_ID::getStore)));
        });

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("r-snapshot");
    assertThat(pool.submit(() -> REQUEST_ID.run("r-pool", () -> REQUEST_ID.getStore())).get()).isEqualTo("r-pool");
    assertThat(reports).isEmpty();
  }

  @Test
  void aCallbackRegistryIsReportedWithTheRegistrationSite() throws Exception {
    Diagnostics.detectContextLoss(true);
    Registry registry = new Registry();
    CompletableFuture<String> seen = new CompletableFuture<>();
    REQUEST_ID.run("r-callback", () -> registry.register(event -> seen.complete(event + " saw " + REQUEST_ID.getStore())));

    Thread events = new Thread(() -> registry.fire("event"), "events");
    events.start();

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("event saw null");
    assertThat(reports).singleElement().satisfies(report -> {
      assertThat(report.kind()).isEqualTo(Diagnostics.Kind.CONTEXT_LOSS);
      assertThat(report.threadName()).isEqualTo("events");
      assertThat(report.handOffSite().getClassName()).isEqualTo(Registry.class.getName());
      assertThat(report.handOffSite().getMethodName()).isEqualTo("register");
      assertThat(report.message())
          .contains("through java.util.concurrent.CopyOnWriteArrayList.add")
          .contains("called from dev.baton.DiagnosticsIT.lambda$aCallbackRegistry");
    });
  }

  @Test
  void strictModeReportsATaskThatEndsInAnotherContext() throws Exception {
    Diagnostics.strictMode(true);
    CountDownLatch reported = new CountDownLatch(1);

    try (Diagnostics.Listening waiting = Diagnostics.addListener(report -> reported.countDown())) {
      REQUEST_ID.run("r-strict", () -> awaitQuietly(pool.submit(() -> OTHER.enterWith("left over"))));
      // The report comes as the task's scope ends, which may be just after its future completed
      assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(reports).singleElement().satisfies(report -> {
      assertThat(report.kind()).isEqualTo(Diagnostics.Kind.TASK_CHANGED_CONTEXT);
      assertThat(report.handOffSite().getMethodName()).startsWith("lambda$strictModeReportsATask");
      assertThat(report.storeNames()).containsExactly("requestId", "other");
      assertThat(report.message()).contains("before: requestId; after: requestId, other");
      assertThat(report.message()).contains("The enterWith, innermost first:\n\tat dev.baton.DiagnosticsIT.lambda$strictModeReportsATask");
      assertThat(report.stack().get(0)).isEqualTo(report.handOffSite());
    });
    assertThat(pool.submit(() -> OTHER.getStore()).get()).as("Baton restored the worker anyway").isNull();
  }

  @Test
  void strictModeReportsAPoolThreadLeftInAContextEnteredOutsideAnyTask() throws Exception {
    Diagnostics.strictMode(true);
    ThreadPoolExecutor leaky =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task ->
                new Thread(
                    () -> {
                      REQUEST_ID.enterWith("set by the thread factory");
                      task.run();
                    }));
    try {
      leaky.submit(() -> {}).get(10, TimeUnit.SECONDS);
    } finally {
      leaky.shutdownNow();
    }

    assertThat(reports).singleElement().satisfies(report -> {
      assertThat(report.kind()).isEqualTo(Diagnostics.Kind.ENTER_WITH_LEFT_CURRENT);
      assertThat(report.handOffSite().getMethodName()).startsWith("lambda$strictModeReportsAPoolThread");
      assertThat(report.message()).contains("went back to its pool");
    });
  }

  @Test
  void anAsyncStackTraceFollowsAnExecutorAStageAndAThread() throws Exception {
    AsyncTraces.enable();
    CompletableFuture<Throwable> failure = new CompletableFuture<>();

    CompletableFuture<String> source = new CompletableFuture<>();

    java.util.concurrent.CountDownLatch registered = new java.util.concurrent.CountDownLatch(1);

    pool.execute( // hop 3, outermost: a task
        () -> {
          source.thenRun( // hop 2: a dependent stage, fired by whoever completes the source
              () ->
                  new Thread(() -> failure.complete(new IllegalStateException("deep"))) // hop 1
                      .start());
          registered.countDown();
        });
    assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();
    new Thread(() -> source.complete("done"), "completer").start();

    List<AsyncTraces.Hop> hops = AsyncTraces.of(failure.get(10, TimeUnit.SECONDS));
    assertThat(hops).extracting(AsyncTraces.Hop::kind).containsExactly("Thread", "CompletionStage", "Task");
    assertThat(hops.get(0).threadName()).isEqualTo("completer");
    assertThat(hops.get(1).threadName()).startsWith("pool-");
    assertThat(hops.get(2).threadName()).isEqualTo(Thread.currentThread().getName());
    assertThat(hops.get(2).stack().get(0).toString()).startsWith("java.base/java.util.concurrent.ThreadPoolExecutor.execute");
    assertThat(firstApplicationFrame(hops.get(2).stack().toArray(new StackTraceElement[0])).getMethodName())
        .isEqualTo("anAsyncStackTraceFollowsAnExecutorAStageAndAThread");
    assertThat(firstApplicationFrame(hops.get(0).stack().toArray(new StackTraceElement[0])).getMethodName())
        .startsWith("lambda$anAsyncStackTraceFollowsAnExecutorAStageAndAThread");
    assertThat(firstApplicationFrame(hops.get(1).stack().toArray(new StackTraceElement[0])).getMethodName())
        .startsWith("lambda$anAsyncStackTraceFollowsAnExecutorAStageAndAThread");
    assertThat(hops).allSatisfy(hop -> assertThat(hop.stack()).isNotEmpty().hasSizeLessThanOrEqualTo(16));
    assertThat(AsyncTraces.of(new IllegalStateException("here"))).as("outside traced work").isEmpty();
  }

  @Test
  void tracesAreCutToTheirDepthAndCanBeAddedToEscapingExceptions() throws Exception {
    AsyncTraces.enable(2, true);
    CompletableFuture<Throwable> uncaught = new CompletableFuture<>();

    pool.execute(
        () ->
            pool.execute(
                () -> {
                  Thread thread = new Thread(() -> {
                    throw new IllegalStateException("escaped");
                  });
                  thread.setUncaughtExceptionHandler((t, e) -> uncaught.complete(e));
                  thread.start();
                }));

    Throwable escaped = uncaught.get(10, TimeUnit.SECONDS);
    assertThat(AsyncTraces.of(escaped)).extracting(AsyncTraces.Hop::kind).containsExactly("Thread", "Task");
    assertThat(escaped.getSuppressed())
        .hasSize(2)
        .allSatisfy(suppressed -> assertThat(suppressed).hasMessageContaining("handed over on thread"));
    assertThat(firstApplicationFrame(escaped.getSuppressed()[1].getStackTrace()).getMethodName())
        .startsWith("lambda$tracesAreCutToTheirDepth");
  }

  private static StackTraceElement firstApplicationFrame(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (!frame.getClassName().startsWith("java.")) {
        return frame;
      }
    }
    throw new AssertionError("no application frame in " + java.util.Arrays.toString(stack));
  }

  private static <T> void putQuietly(BlockingQueue<T> queue, T element) {
    try {
      queue.put(element);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(java.util.concurrent.Future<?> future) {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A hand-rolled callback registry: listeners fired on whatever thread fires. */
  static final class Registry {
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    void register(Consumer<String> listener) {
      listeners.add(listener);
    }

    void fire(String event) {
      for (Consumer<String> listener : listeners) {
        listener.accept(event);
      }
    }
  }
}

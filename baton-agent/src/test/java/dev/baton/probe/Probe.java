package dev.baton.probe;

import com.alibaba.ttl.TransmittableThreadLocal;
import dev.baton.AsyncLocalStorage;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A program run in a JVM of its own by {@link AgentProcessIT}, with the agent started the way a
 * user starts it; each argument names a check, which prints one line of what it saw.
 */
public final class Probe {

  private static final AsyncLocalStorage<String> STORAGE = new AsyncLocalStorage<>("request");

  private Probe() {}

  public static void main(String[] checks) throws Exception {
    for (String check : checks) {
      switch (check) {
        case "executor":
          executor();
          break;
        case "stage":
          dependentStage();
          break;
        case "own-executor":
          ownExecutor();
          break;
        case "excluded-task":
          excludedTask();
          break;
        case "opentelemetry":
          openTelemetry();
          break;
        case "ttl":
          transmittableThreadLocal();
          break;
        case "uninstrumentable":
          uninstrumentable();
          break;
        case "lost-queue":
          lostQueue();
          break;
        case "uncaught-trace":
          uncaughtTrace();
          break;
        case "agent":
          System.out.println("agent installed: " + dev.baton.ContextExecutors.agentInstalled());
          break;
        default:
          throw new IllegalArgumentException("unknown check " + check);
      }
    }
    System.out.println("done");
  }

  private static void executor() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      String seen = STORAGE.call("r1", () -> pool.submit(STORAGE::getStore)).get(10, TimeUnit.SECONDS);
      System.out.println("executor: " + seen);
    } finally {
      pool.shutdown();
    }
  }

  /** A dependent stage and a task object of the JDK's own classes, loaded before any agent runs. */
  private static void dependentStage() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<String> source = new CompletableFuture<>();
      CompletableFuture<String> stage = STORAGE.call("r5", () -> source.thenApply(v -> v + STORAGE.getStore()));
      java.util.concurrent.FutureTask<String> task = STORAGE.call("r6", () -> new java.util.concurrent.FutureTask<>(STORAGE::getStore));
      STORAGE.run("r6", () -> pool.execute(task));
      pool.submit(() -> source.complete("stage-")).get(10, TimeUnit.SECONDS);
      System.out.println("stage: " + stage.get(10, TimeUnit.SECONDS) + " future-task: " + task.get(10, TimeUnit.SECONDS));
    } finally {
      pool.shutdown();
    }
  }

  /** A hand-rolled queue and consumer: the context does not cross it. */
  private static void lostQueue() throws Exception {
    BlockingQueue<String> jobs = new java.util.concurrent.LinkedBlockingQueue<>();
    CompletableFuture<String> seen = new CompletableFuture<>();
    Thread consumer =
        new Thread(
            () -> {
              try {
                String job = jobs.take();
                seen.complete(job + " " + STORAGE.getStore());
              } catch (InterruptedException e) {
                seen.completeExceptionally(e);
              }
            },
            "consumer");
    consumer.start();
    STORAGE.call("r8", () -> {
      jobs.put("job");
      return null;
    });
    System.out.println("lost-queue: " + seen.get(10, TimeUnit.SECONDS));
  }

  /** A thread that dies of an exception, started from a task: its trace names both hand-offs. */
  private static void uncaughtTrace() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(
              () -> {
                Thread thread =
                    new Thread(
                        () -> {
                          throw new IllegalStateException("escaped");
                        },
                        "dying");
                thread.start();
                thread.join(10_000);
                return null;
              })
          .get(10, TimeUnit.SECONDS);
      System.out.println("uncaught-trace: done");
    } finally {
      pool.shutdown();
    }
  }

  /** A task of a class the agent may be told to leave alone: it is wrapped instead. */
  private static void excludedTask() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      ExcludedTask task = new ExcludedTask();
      STORAGE.run("r7", () -> pool.execute(task));
      System.out.println("excluded-task: " + task.seen.get(10, TimeUnit.SECONDS));
    } finally {
      pool.shutdown();
    }
  }

  /** A task of the application's own. */
  static final class ExcludedTask implements Runnable {
    final CompletableFuture<String> seen = new CompletableFuture<>();

    @Override
    public void run() {
      seen.complete(String.valueOf(STORAGE.getStore()));
    }
  }

  private static void ownExecutor() throws Exception {
    OwnThreadExecutor executor = new OwnThreadExecutor();
    CompletableFuture<String> seen = new CompletableFuture<>();
    STORAGE.run("r2", () -> executor.execute(() -> seen.complete(String.valueOf(STORAGE.getStore()))));
    System.out.println("own-executor: " + seen.get(10, TimeUnit.SECONDS));
  }

  private static void openTelemetry() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Span span = GlobalOpenTelemetry.getTracer("probe").spanBuilder("request").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      String traceId = span.getSpanContext().getTraceId();
      String seen =
          STORAGE.call(
                  "r3",
                  () ->
                      pool.submit(
                          () -> Span.current().getSpanContext().getTraceId() + " " + STORAGE.getStore()))
              .get(10, TimeUnit.SECONDS);
      System.out.println("opentelemetry: valid=" + span.getSpanContext().isValid() + " same-trace=" + seen.startsWith(traceId) + " store=" + seen.split(" ")[1]);
    } finally {
      span.end();
      pool.shutdown();
    }
  }

  private static void transmittableThreadLocal() throws Exception {
    TransmittableThreadLocal<String> ttl = new TransmittableThreadLocal<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(() -> {}).get(10, TimeUnit.SECONDS); // the worker exists before the value is set
      ttl.set("ttl-value");
      String seen = STORAGE.call("r4", () -> pool.submit(() -> ttl.get() + " " + STORAGE.getStore())).get(10, TimeUnit.SECONDS);
      System.out.println("ttl: " + seen);
    } finally {
      ttl.remove();
      pool.shutdown();
    }
  }

  /**
   * A task whose {@code run} is as long as a method may be, so that no advice fits in it: the
   * agent cannot instrument it, says so, and the program goes on.
   */
  private static void uninstrumentable() throws Exception {
    String name = "dev.baton.probe.ProbeHugeTask";
    byte[] bytes = HugeTaskClass.bytes(name);
    Class<?> type =
        new ClassLoader(Probe.class.getClassLoader()) {
          Class<?> define() {
            return defineClass(name, bytes, 0, bytes.length);
          }
        }.define();
    ((Runnable) type.getConstructor().newInstance()).run();
    System.out.println("uninstrumentable: ran");
    executor();
  }

  /** An executor of the application's own, with its own thread and queue. */
  static final class OwnThreadExecutor implements Executor {
    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(16);

    OwnThreadExecutor() {
      Thread thread =
          new Thread(
              () -> {
                try {
                  while (true) {
                    queue.take().run();
                  }
                } catch (InterruptedException stop) {
                  // the JVM exits
                }
              },
              "own-thread-executor");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void execute(Runnable task) {
      queue.add(task);
    }
  }
}

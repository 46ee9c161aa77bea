package dev.baton.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.AsyncLocalStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The seed's request-id server, with four hops per request instead of one: a plain executor, a
 * scheduled task, a {@code CompletableFuture} stage and a new virtual thread. Before JDK 21, which
 * has no virtual threads, the last hop is a task of the common {@code ForkJoinPool}, and one
 * request in {@value #PLATFORM_THREAD_EVERY} starts a platform thread instead (starting one per
 * request would measure the operating system's thread creation, about a millisecond here). Each
 * hop checks that it sees its own request's id and counts a mix-up when it does not. Nothing is
 * wrapped or bound: it relies on the agent.
 *
 * <p>The request id is the {@code x-request-id} header when there is one (the load tests' clients
 * send it and check the echo), or a sequence number (wrk sends identical requests). The response
 * body is the id the last hop saw. {@code GET /stats} answers the counters.
 */
public final class HopServer implements AutoCloseable {

  /** The checks each request makes: the handler and its four hops. */
  public static final int CHECKS_PER_REQUEST = 5;

  static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  private static final MethodHandle START_VIRTUAL_THREAD = startVirtualThread();
  private static final int MIX_UP_EXAMPLES = 10;
  static final int PLATFORM_THREAD_EVERY = 100;

  private final HttpServer server;
  private final ExecutorService handlers;
  private final ExecutorService hops;
  private final ScheduledExecutorService timers;
  private final ExecutorService stages;
  private final AtomicLong sequence = new AtomicLong();
  private final LongAdder served = new LongAdder();
  private final LongAdder checks = new LongAdder();
  private final LongAdder mixUps = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder unsent = new LongAdder();
  private final List<String> mixUpExamples = new CopyOnWriteArrayList<>();

  private HopServer(int port, int handlerThreads) throws IOException {
    // Else the JDK's server leaves Nagle's algorithm on, and a response whose body follows its
    // headers waits for the client's delayed acknowledgement: 40 ms a request on loopback
    System.setProperty("sun.net.httpserver.nodelay", "true");
    handlers = Executors.newFixedThreadPool(handlerThreads);
    hops = Executors.newFixedThreadPool(2);
    timers = Executors.newScheduledThreadPool(1);
    stages = Executors.newFixedThreadPool(2);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.createContext("/stats", this::stats);
    server.start();
  }

  /**
   * Starts a server on the loopback interface.
   *
   * @param port the port, 0 for any free one
   * @return the running server
   * @throws IOException if the port cannot be bound
   */
  public static HopServer start(int port) throws IOException {
    return new HopServer(port, 4);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The counters so far. */
  public Stats stats() {
    return new Stats(
        served.sum(),
        checks.sum(),
        mixUps.sum(),
        errors.sum(),
        unsent.sum(),
        List.copyOf(mixUpExamples));
  }

  private void handle(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("x-request-id");
    String id = header != null ? header : "s-" + sequence.incrementAndGet();
    REQUEST_ID.run(
        id,
        () -> {
          check(id, "handler");
          hops.execute(
              () -> {
                check(id, "executor");
                timers.schedule(
                    () -> {
                      check(id, "scheduled task");
                      CompletableFuture.supplyAsync(() -> check(id, "stage"), stages)
                          .thenAccept(
                              stageSaw ->
                                  lastHop(
                                      id,
                                      () -> {
                                        String threadSaw = check(id, "thread");
                                        respond(exchange, 200, threadSaw);
                                      }))
                          .exceptionally(
                              failure -> {
                                errors.increment();
                                respond(exchange, 500, failure.toString());
                                return null;
                              });
                    },
                    0,
                    TimeUnit.MILLISECONDS);
              });
        });
  }

  private String check(String expected, String hop) {
    checks.increment();
    String seen = REQUEST_ID.getStore();
    if (!expected.equals(seen)) {
      mixUps.increment();
      if (mixUpExamples.size() < MIX_UP_EXAMPLES) {
        mixUpExamples.add(hop + ": expected " + expected + ", saw " + seen);
      }
    }
    return seen;
  }

  private void respond(HttpExchange exchange, int status, String body) {
    byte[] bytes = String.valueOf(body).getBytes(StandardCharsets.UTF_8);
    try {
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
      served.increment();
    } catch (IOException e) {
      // The client closed the connection first: a load generator that stops at its deadline
      // leaves each connection's last request unanswered
      unsent.increment();
    } finally {
      exchange.close();
    }
  }

  private void stats(HttpExchange exchange) {
    respond(exchange, 200, stats().toString());
  }

  private void lastHop(String id, Runnable task) {
    if (START_VIRTUAL_THREAD == null) {
      if (id.hashCode() % PLATFORM_THREAD_EVERY == 0) {
        new Thread(task, "hop").start();
      } else {
        ForkJoinPool.commonPool().execute(task);
      }
      return;
    }
    try {
      Thread ignored = (Thread) START_VIRTUAL_THREAD.invokeExact(task);
    } catch (Throwable e) {
      throw new IllegalStateException("Could not start a virtual thread", e);
    }
  }

  private static MethodHandle startVirtualThread() {
    try {
      return MethodHandles.publicLookup()
          .findStatic(
              Thread.class, "startVirtualThread", MethodType.methodType(Thread.class, Runnable.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // before JDK 21: platform threads
    }
  }

  /** Whether the last hop starts a virtual thread per request on this JDK. */
  public static boolean usesVirtualThreads() {
    return START_VIRTUAL_THREAD != null;
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
    hops.shutdownNow();
    timers.shutdownNow();
    stages.shutdownNow();
  }

  /** What the server counted. */
  public static final class Stats {
    public final long served;
    public final long checks;
    public final long mixUps;
    /** Requests whose hops failed. */
    public final long errors;
    /** Requests handled whose response could not be written: the client had gone. */
    public final long unsent;
    public final List<String> mixUpExamples;

    Stats(
        long served,
        long checks,
        long mixUps,
        long errors,
        long unsent,
        List<String> mixUpExamples) {
      this.served = served;
      this.checks = checks;
      this.mixUps = mixUps;
      this.errors = errors;
      this.unsent = unsent;
      this.mixUpExamples = mixUpExamples;
    }

    @Override
    public String toString() {
      return "served="
          + served
          + " checks="
          + checks
          + " mixUps="
          + mixUps
          + " errors="
          + errors
          + " unsent="
          + unsent
          + (mixUpExamples.isEmpty() ? "" : " examples=" + mixUpExamples);
    }
  }
}

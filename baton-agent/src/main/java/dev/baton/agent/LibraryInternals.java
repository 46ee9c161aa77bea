package dev.baton.agent;

import static dev.baton.agent.MethodMatcher.named;
import static dev.baton.agent.MethodMatcher.namedOneOf;
import static dev.baton.agent.MethodMatcher.takesArguments;

import dev.baton.internal.handoff.AgentSettings;
import java.util.HashSet;
import java.util.Set;

/**
 * Where libraries start the work they keep for themselves: I/O loops, housekeepers, connection
 * adders, evictors. A new thread inherits its starter's context and a task its submitter's, which
 * is right for what an application starts inside a request, and wrong for the lasting machinery a
 * library starts lazily on whichever request needed it first: that would run in that request's
 * context for good, print its id and keep its stores. Listed here in one place, each begins in no
 * one's context:
 *
 * <ul>
 *   <li>threads of these classes, and their subclasses ({@link #THREADS});
 *   <li>periodic tasks of these classes ({@link #PERIODIC_TASKS});
 *   <li>threads started and tasks handed over inside these methods ({@link #install}).
 * </ul>
 *
 * <p>Pools' own workers (the JDK's executors, fork/join, timers) begin empty by the same rule,
 * wherever they are. An application opts its own machinery out by starting it inside {@code
 * Snapshot.empty().run(...)}, and a library's thread in by handing it {@code
 * AsyncLocalStorage.snapshot().wrap(task)}.
 */
final class LibraryInternals implements BoundaryInstrumentation {

  private static final String KOTLINX_COROUTINES = "kotlinx.coroutines.";
  private static final String NETTY_CONCURRENT = "io.netty.util.concurrent.";

  /** Lasting threads that libraries start, by class. */
  static final Set<String> THREADS =
      Set.of(
          // Kafka's producer, consumer and admin I/O threads, and consumers' heartbeat threads
          "org.apache.kafka.common.utils.KafkaThread",
          // The JDK HttpClient's selector thread, started as the client is built
          "jdk.internal.net.http.HttpClientImpl$SelectorManager",
          // Logback's AsyncAppender worker
          "ch.qos.logback.core.AsyncAppenderBase$Worker",
          // Log4j's threads: its asynchronous loggers' disruptor threads among them
          "org.apache.logging.log4j.core.util.Log4jThread",
          // Okio's timeout watchdog, started by the first OkHttp call that sets a timeout
          "okio.AsyncTimeout$Watchdog");

  /** Periodic tasks that libraries schedule for themselves, by class. */
  static final Set<String> PERIODIC_TASKS =
      Set.of(
          // HikariCP's housekeeper, scheduled as a pool is created (lazily, on a first connection)
          "com.zaxxer.hikari.pool.HikariPool$HouseKeeper");

  /** Hands the classes to Baton's core, and adds the methods' instrumentation to {@code transformations}. */
  @Override
  public Transformations addTo(Transformations transformations) {
    AgentSettings.background(union(THREADS, PERIODIC_TASKS));
    return transformations
        // Kotlin's dispatchers (and their copies shaded elsewhere) start workers and the delay
        // thread lazily, from inside whichever coroutine needed one
        .type(NamedTypes.nameEndsWith(KOTLINX_COROUTINES + "scheduling.CoroutineScheduler"))
        .transform(internals(named("createNewWorker")))
        .type(NamedTypes.nameEndsWith(KOTLINX_COROUTINES + "DefaultExecutor"))
        .transform(internals(named("createThreadSync")))
        // Netty's event loops (Vert.x's among them) and its global executor start their thread,
        // and the loop that runs there for good, on the first task handed to them, whoever's
        .type(NamedTypes.nameEndsWith(NETTY_CONCURRENT + "SingleThreadEventExecutor"))
        .transform(internals(named("doStartThread")))
        .type(NamedTypes.nameEndsWith(NETTY_CONCURRENT + "GlobalEventExecutor"))
        .transform(internals(named("startThread")))
        // HikariCP creates a pool on the first connection asked of a data source made without
        // one, and adds and closes connections on its own executors when a borrower finds none
        .type(NamedTypes.named("com.zaxxer.hikari.HikariDataSource"))
        .transform(internals(named("getConnection").and(takesArguments(0))))
        .type(NamedTypes.named("com.zaxxer.hikari.pool.HikariPool"))
        .transform(internals(namedOneOf("addBagItem", "fillPool", "closeConnection")))
        // Reactor's bounded-elastic scheduler schedules its evictor as it starts, lazily
        .type(NamedTypes.named("reactor.core.scheduler.BoundedElasticScheduler"))
        .transform(internals(namedOneOf("init", "start").and(takesArguments(0))))
        // OkHttp's task runner starts a thread that runs its queued tasks (connection pool
        // cleanup among them) until there are none
        .type(NamedTypes.named("okhttp3.internal.concurrent.TaskRunner"))
        .transform(internals(named("startAnotherThread")));
  }

  private static MethodHooks internals(MethodMatcher methods) {
    return MethodHooks.of().hook(methods, new PoolInternalsAdvice());
  }

  private static Set<String> union(Set<String> first, Set<String> second) {
    Set<String> all = new HashSet<>(first);
    all.addAll(second);
    return all;
  }
}

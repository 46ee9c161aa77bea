package dev.baton.opentelemetry;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextExecutors;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under Baton's agent, with OpenTelemetry's context kept in Baton's, executors that OpenTelemetry
 * wraps explicitly ({@code Context.wrap}, {@code Context.taskWrapping}, {@code Context.wrap} of a
 * task) run their tasks in the context they were given, exactly as without the agent: the
 * explicit wrapper wins. Baton's own stores of the submitter still reach the task, which is what
 * the agent adds. The behaviours are those OpenTelemetry's {@code ContextTest} checks for its
 * wrappers, each with a submitter outside any context and one inside another.
 */
class ExplicitWrappersIT {

  private static final ContextKey<String> ANIMAL = ContextKey.named("animal");
  private static final AsyncLocalStorage<String> REQUEST = new AsyncLocalStorage<>("request");

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService executor;

  @BeforeEach
  void start() {
    assertThat(ContextExecutors.agentInstalled()).isTrue();
    assertThat(Context.current()).isSameAs(Context.root());
    executor = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stop() throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, SECONDS)).isTrue();
  }

  private String read() {
    return Context.current().get(ANIMAL) + "/" + REQUEST.getStore();
  }

  private Runnable recording() {
    return () -> seen.add(read());
  }

  private Callable<String> reading() {
    return this::read;
  }

  /**
   * Runs {@code submissions} from a submitter outside any context ({@code submitterContext}
   * false), or inside one where another animal is current and Baton has a request store.
   */
  private <T> T fromSubmitter(boolean submitterContext, Supplier<T> submissions) {
    if (!submitterContext) {
      return submissions.get();
    }
    try (Scope dog = Context.current().with(ANIMAL, "dog").makeCurrent()) {
      return REQUEST.run("r-1", submissions);
    }
  }

  private String expected(boolean submitterContext) {
    return submitterContext ? "cat/r-1" : "cat/null";
  }

  @ParameterizedTest(name = "submitter in a context: {0}")
  @ValueSource(booleans = {false, true})
  void aWrappedExecutorServiceRunsEverySubmissionInTheContextItWasGiven(boolean submitterContext)
      throws Exception {
    ExecutorService wrapped = Context.root().with(ANIMAL, "cat").wrap((ExecutorService) executor);

    List<Object> results =
        fromSubmitter(
            submitterContext,
            () -> {
              try {
                List<Object> all = new ArrayList<>();
                wrapped.execute(recording());
                all.add(wrapped.submit(recording()).get(10, SECONDS));
                all.add(wrapped.submit(recording(), "result").get(10, SECONDS));
                all.add(wrapped.submit(reading()).get(10, SECONDS));
                for (Future<String> future : wrapped.invokeAll(List.of(reading(), reading()))) {
                  all.add(future.get());
                }
                for (Future<String> future : wrapped.invokeAll(List.of(reading()), 10, SECONDS)) {
                  all.add(future.get());
                }
                all.add(wrapped.invokeAny(List.of(reading(), reading())));
                all.add(wrapped.invokeAny(List.of(reading()), 10, SECONDS));
                return all;
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });

    assertThat(results)
        .containsExactly(
            null, "result", expected(submitterContext), expected(submitterContext), expected(submitterContext),
            expected(submitterContext), expected(submitterContext), expected(submitterContext));
    assertThat(seen).containsOnly(expected(submitterContext)).hasSize(3);
  }

  @ParameterizedTest(name = "submitter in a context: {0}")
  @ValueSource(booleans = {false, true})
  void aWrappedScheduledExecutorServiceRunsEveryScheduleInTheContextItWasGiven(boolean submitterContext)
      throws Exception {
    ScheduledExecutorService wrapped = Context.root().with(ANIMAL, "cat").wrap(executor);
    CountDownLatch periodicRuns = new CountDownLatch(4);
    Runnable periodic =
        () -> {
          seen.add(read());
          periodicRuns.countDown();
        };

    List<ScheduledFuture<?>> periodicFutures =
        fromSubmitter(
            submitterContext,
            () -> {
              try {
                wrapped.schedule(recording(), 1, MILLISECONDS).get(10, SECONDS);
                seen.add(wrapped.schedule(reading(), 1, MILLISECONDS).get(10, SECONDS));
                return List.of(
                    wrapped.scheduleAtFixedRate(periodic, 0, 1, MILLISECONDS),
                    wrapped.scheduleWithFixedDelay(periodic, 0, 1, MILLISECONDS));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    assertThat(periodicRuns.await(10, SECONDS)).isTrue();
    periodicFutures.forEach(future -> future.cancel(false));

    assertThat(seen).hasSizeGreaterThanOrEqualTo(6).containsOnly(expected(submitterContext));
  }

  @ParameterizedTest(name = "submitter in a context: {0}")
  @ValueSource(booleans = {false, true})
  void taskWrappingAndAWrappedTaskRunInTheContextTheyCaptured(boolean submitterContext) throws Exception {
    List<Object> results =
        fromSubmitter(
            submitterContext,
            () -> {
              try (Scope cat = Context.current().with(ANIMAL, "cat").makeCurrent()) {
                Executor taskWrapping = Context.taskWrapping((Executor) executor);
                taskWrapping.execute(recording());
                Runnable wrappedTask = Context.current().wrap(recording());
                ExecutorService currentContext = Context.taskWrapping((ExecutorService) executor);
                return List.of(
                    currentContext.submit(reading()).get(10, SECONDS),
                    executor.submit(wrappedTask).get(10, SECONDS) == null);
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    executor.submit(() -> {}).get(10, SECONDS);

    assertThat(results).containsExactly(expected(submitterContext), true);
    assertThat(seen).containsExactly(expected(submitterContext), expected(submitterContext));
  }

  @Test
  void theWorkerIsBackInItsOwnContextAfterEveryWrappedTask() throws Exception {
    ExecutorService wrapped = Context.root().with(ANIMAL, "cat").wrap((ExecutorService) executor);

    REQUEST.run("r-2", () -> wrapped.execute(() -> REQUEST.enterWith("left by the task")));

    assertThat(executor.submit(this::read).get(10, SECONDS)).isEqualTo("null/null");
  }
}

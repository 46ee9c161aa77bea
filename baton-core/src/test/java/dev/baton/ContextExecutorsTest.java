package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What is particular to the wrappers; their propagation is {@link WrappedPropagationTest}. */
class ContextExecutorsTest {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void shutDownPools() {
    pools.forEach(ExecutorService::shutdownNow);
  }

  private <E extends ExecutorService> E track(E pool) {
    pools.add(pool);
    return pool;
  }

  @Test
  void aWrappedThreadFactoryStartsEachThreadInTheContextOfNewThread() throws Exception {
    ThreadFactory factory = ContextExecutors.wrapThreadFactory(Executors.defaultThreadFactory());
    // A thread-per-task executor: the use the factory is meant for
    Executor perTask = task -> factory.newThread(task).start();
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();

    storage.run("one", () -> perTask.execute(() -> first.complete(storage.getStore())));
    storage.run("two", () -> perTask.execute(() -> second.complete(storage.getStore())));
    CompletableFuture<String> none = new CompletableFuture<>();
    perTask.execute(() -> none.complete(String.valueOf(storage.getStore())));

    assertThat(first.get(10, SECONDS)).isEqualTo("one");
    assertThat(second.get(10, SECONDS)).isEqualTo("two");
    assertThat(none.get(10, SECONDS)).isEqualTo("null");
  }
  @Test
  void wrappingIsIdempotentAndKeepsTheMostSpecificType() {
    ExecutorService service = track(Executors.newSingleThreadExecutor());
    ScheduledExecutorService scheduled = track(Executors.newSingleThreadScheduledExecutor());
    ThreadFactory factory = ContextExecutors.wrapThreadFactory(Executors.defaultThreadFactory());

    ExecutorService wrapped = ContextExecutors.wrap(service);
    assertThat(ContextExecutors.wrap(wrapped)).isSameAs(wrapped);
    assertThat(ContextExecutors.wrap((Executor) wrapped)).isSameAs(wrapped);
    assertThat(ContextExecutors.wrap((Executor) service)).isInstanceOf(ExecutorService.class);
    assertThat(ContextExecutors.wrap((ExecutorService) scheduled))
        .isInstanceOf(ScheduledExecutorService.class);
    ScheduledExecutorService wrappedScheduled = ContextExecutors.wrap(scheduled);
    assertThat(ContextExecutors.wrap(wrappedScheduled)).isSameAs(wrappedScheduled);
    assertThat(ContextExecutors.wrapThreadFactory(factory)).isSameAs(factory);
  }
  @Test
  void nullArgumentsAreRejectedWithTheirName() {
    ScheduledExecutorService scheduler =
        ContextExecutors.wrap(track(Executors.newSingleThreadScheduledExecutor()));
    java.util.concurrent.TimeUnit ms = java.util.concurrent.TimeUnit.MILLISECONDS;
    assertThatThrownBy(() -> ContextExecutors.wrap((Executor) null)).hasMessage("executor");
    assertThatThrownBy(() -> ContextExecutors.wrap((ExecutorService) null)).hasMessage("executor");
    assertThatThrownBy(() -> ContextExecutors.wrap((ScheduledExecutorService) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("executor");
    assertThatThrownBy(() -> ContextExecutors.wrapThreadFactory(null)).hasMessage("threadFactory");
    assertThatThrownBy(() -> scheduler.execute(null)).hasMessage("command");
    assertThatThrownBy(() -> scheduler.submit((Runnable) null)).hasMessage("task");
    assertThatThrownBy(() -> scheduler.submit((Callable<String>) null)).hasMessage("task");
    assertThatThrownBy(() -> scheduler.invokeAll(null)).hasMessage("tasks");
    assertThatThrownBy(() -> scheduler.invokeAny(Arrays.asList((Callable<String>) null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("a task in tasks");
    assertThatThrownBy(() -> scheduler.schedule((Runnable) null, 1, ms)).hasMessage("command");
    assertThatThrownBy(() -> scheduler.schedule((Callable<String>) null, 1, ms))
        .hasMessage("callable");
    assertThatThrownBy(() -> scheduler.scheduleAtFixedRate(null, 1, 1, ms)).hasMessage("command");
    assertThatThrownBy(() -> scheduler.scheduleWithFixedDelay(null, 1, 1, ms))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("command");
  }
}

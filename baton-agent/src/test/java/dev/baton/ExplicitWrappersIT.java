package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.ttl.TransmittableThreadLocal;
import com.alibaba.ttl.threadpool.TtlExecutors;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Executors that propagate context themselves keep working under the agent exactly as without
 * it: what the explicit wrapper sets wins, and the agent only adds the submitter's other stores.
 * OpenTelemetry's wrappers are tested in baton-opentelemetry (with its context in Baton's),
 * Micrometer's in baton-micrometer and Spring's task decorators in baton-spring.
 */
class ExplicitWrappersIT {

  private final AsyncLocalStorage<String> request = new AsyncLocalStorage<>("request");
  private final AsyncLocalStorage<String> tenant = new AsyncLocalStorage<>("tenant");
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();
  }

  private String read() {
    return request.getStore() + "/" + tenant.getStore();
  }

  @Test
  void aSnapshotBoundTaskRunsInItsSnapshotWhoeverSubmitsIt() throws Exception {
    Snapshot captured = tenant.run("acme", () -> request.run("captured", () -> AsyncLocalStorage.snapshot()));

    String seen =
        tenant.call("globex", () -> request.call("submitter", () -> pool.submit(captured.wrap(this::read)).get(10, SECONDS)));

    assertThat(seen).isEqualTo("captured/acme");
  }

  @Test
  void contextExecutorsWrapCapturesOnceAtSubmissionAndTheAgentAddsNothingToIt() throws Exception {
    ExecutorService wrapped = ContextExecutors.wrap(pool);

    List<String> seen =
        tenant.call(
            "acme",
            () ->
                request.call(
                    "submitter",
                    () -> {
                      List<Future<String>> futures = wrapped.invokeAll(List.of(this::read, this::read));
                      return List.of(
                          wrapped.submit(this::read).get(10, SECONDS),
                          futures.get(0).get(),
                          CompletableFuture.supplyAsync(this::read, wrapped).get(10, SECONDS));
                    }));

    assertThat(seen).containsOnly("submitter/acme");
    assertThat(pool.submit(this::read).get(10, SECONDS)).isEqualTo("null/null");
  }

  @Test
  void aDecoratingExecutorThatSetsAStoreWinsForThatStoreAndTheSubmittersOthersStillArrive()
      throws Exception {
    // As a Spring TaskDecorator or any hand-written wrapper would: the decorator's store is set
    // around the task on the worker
    ExecutorService decorating =
        new java.util.concurrent.AbstractExecutorService() {
          @Override
          public void execute(Runnable task) {
            pool.execute(() -> request.run("set by the decorator", task));
          }

          @Override
          public void shutdown() {}

          @Override
          public List<Runnable> shutdownNow() {
            return List.of();
          }

          @Override
          public boolean isShutdown() {
            return false;
          }

          @Override
          public boolean isTerminated() {
            return false;
          }

          @Override
          public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
            return true;
          }
        };

    List<String> seen =
        tenant.call(
            "acme",
            () ->
                request.call(
                    "submitter",
                    () -> {
                      CompletableFuture<String> executed = new CompletableFuture<>();
                      decorating.execute(() -> executed.complete(read()));
                      return List.of(
                          executed.get(10, SECONDS),
                          decorating.submit(this::read).get(10, SECONDS),
                          decorating.invokeAny(List.of(this::read)));
                    }));

    assertThat(seen).containsOnly("set by the decorator/acme");
  }

  @Test
  void transmittableThreadLocalsWrappersCarryTheirValuesAndTheAgentCarriesBatonsStores()
      throws Exception {
    TransmittableThreadLocal<String> user = new TransmittableThreadLocal<>();
    ExecutorService ttl = TtlExecutors.getTtlExecutorService(pool);

    user.set("alice");
    try {
      String seen =
          request.call("submitter", () -> ttl.submit(() -> user.get() + "/" + request.getStore()).get(10, SECONDS));

      assertThat(seen).isEqualTo("alice/submitter");
    } finally {
      user.remove();
    }
    assertThat(ttl.submit(() -> user.get() + "/" + request.getStore()).get(10, SECONDS))
        .isEqualTo("null/null");
  }
}

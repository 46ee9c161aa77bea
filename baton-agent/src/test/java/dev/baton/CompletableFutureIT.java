package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code CompletableFuture} under the agent: async stages run in the context of the code that
 * created them; dependent stages in the context of the code that registered them, as a promise's
 * {@code then} callback does in Node, whichever thread completes the future.
 */
class CompletableFutureIT {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final AnotherRequest otherRequest = new AnotherRequest(storage, "completer");
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void shutDown() {
    otherRequest.close();
    pool.shutdownNow();
  }

  private String store() {
    return String.valueOf(storage.getStore());
  }

  @Test
  void asyncStagesRunInTheirCreatorsContextOnTheCommonPoolAndOnAnyExecutor() throws Exception {
    List<String> seen =
        storage.call(
            "async",
            () ->
                List.of(
                    CompletableFuture.supplyAsync(this::store).get(10, SECONDS),
                    CompletableFuture.supplyAsync(this::store, pool).get(10, SECONDS),
                    CompletableFuture.runAsync(() -> {}, pool).thenApplyAsync(v -> store(), pool).get(10, SECONDS),
                    CompletableFuture.completedFuture("x").thenApplyAsync(v -> store()).get(10, SECONDS)));

    assertThat(seen).containsOnly("async");
  }

  @Test
  void everyDependentStageRunsInTheContextThatRegisteredIt() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> other = new CompletableFuture<>();
    CompletableFuture<String> failing = new CompletableFuture<>();
    List<String> seen = new CopyOnWriteArrayList<>();

    List<CompletableFuture<?>> stages =
        storage.call(
            "registrar",
            () ->
                List.of(
                    source.thenApply(v -> seen.add("thenApply:" + store())),
                    source.thenAccept(v -> seen.add("thenAccept:" + store())),
                    source.thenRun(() -> seen.add("thenRun:" + store())),
                    source.thenCompose(v -> CompletableFuture.completedFuture(seen.add("thenCompose:" + store()))),
                    source.thenCombine(other, (a, b) -> seen.add("thenCombine:" + store())),
                    source.whenComplete((v, e) -> seen.add("whenComplete:" + store())),
                    source.handle((v, e) -> seen.add("handle:" + store())),
                    source.applyToEither(new CompletableFuture<String>(), v -> seen.add("applyToEither:" + store())),
                    failing.exceptionally(
                        e -> {
                          seen.add("exceptionally:" + store());
                          return "recovered";
                        })));

    other.complete("other");
    otherRequest.run(() -> source.complete("value"));
    otherRequest.run(() -> failing.completeExceptionally(new IllegalStateException("failed")));
    CompletableFuture.allOf(stages.toArray(new CompletableFuture<?>[0])).get(10, SECONDS);

    assertThat(seen)
        .containsExactlyInAnyOrder(
            "thenApply:registrar",
            "thenAccept:registrar",
            "thenRun:registrar",
            "thenCompose:registrar",
            "thenCombine:registrar",
            "whenComplete:registrar",
            "handle:registrar",
            "applyToEither:registrar",
            "exceptionally:registrar");
  }

  @Test
  void aChainOfStagesKeepsTheContextItWasBuiltIn() throws Exception {
    CompletableFuture<Integer> source = new CompletableFuture<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    Function<Integer, Integer> step =
        n -> {
          seen.add(store());
          return n + 1;
        };

    CompletableFuture<Integer> end =
        storage.call(
            "chain",
            () -> source.thenApply(step).thenApplyAsync(step, pool).thenApply(step).thenApplyAsync(step).thenApply(step));
    otherRequest.run(() -> source.complete(0));

    assertThat(end.get(10, SECONDS)).isEqualTo(5);
    assertThat(seen).containsExactly("chain", "chain", "chain", "chain", "chain");
  }

  @Test
  void aStageRegisteredOutsideAnyStoreSeesNoneEvenWhenCompletedInsideOne() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> dependent = source.thenApply(v -> store());

    otherRequest.run(() -> source.complete("value"));

    assertThat(dependent.get(10, SECONDS)).isEqualTo("null");
  }

  @Test
  void aStageThatThrowsLeavesTheCompletingThreadInItsOwnContext() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> failed =
        storage.call(
            "registrar",
            () ->
                source.thenApply(
                    v -> {
                      storage.enterWith("entered by the stage");
                      throw new IllegalStateException("stage failed");
                    }));

    otherRequest.run(() -> source.complete("value"));

    assertThat(failed).isCompletedExceptionally();
    assertThat(failed.handle((v, e) -> e).get(10, SECONDS))
        .isInstanceOf(CompletionException.class)
        .hasRootCauseMessage("stage failed");
  }

  @Test
  void aStageRegisteredOnACompletedFutureRunsAtOnceInTheCallersContext() {
    CompletableFuture<String> done = CompletableFuture.completedFuture("done");

    String seen = storage.call("caller", () -> done.thenApply(v -> store()).join());

    assertThat(seen).isEqualTo("caller");
    assertThat(storage.getStore()).isNull();
  }

  @Test
  void withAHookEnabledAStageIsAnAsyncResourceTriggeredByItsRegistrar() throws Exception {
    RecordingHook hook = RecordingHook.enabled();
    try {
      CompletableFuture<String> source = new CompletableFuture<>();
      AsyncResource registrar = new AsyncResource("Registrar");
      CompletableFuture<long[]> ids =
          registrar.callInAsyncScope(
              () -> source.thenApply(v -> new long[] {AsyncHooks.executionAsyncId(), AsyncHooks.triggerAsyncId()}));

      otherRequest.run(() -> source.complete("value"));

      long stageId = ids.get(10, SECONDS)[0];
      assertThat(ids.get()[1]).isEqualTo(registrar.asyncId());
      assertThat(hook.events()).contains("init " + stageId + " CompletionStage " + registrar.asyncId());
      assertThat(hook.eventsOf(stageId)).startsWith("init", "before", "after");
    } finally {
      hook.disable();
    }
  }
}

package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Vert.x 5's futures under the agent: {@code onComplete}, {@code onSuccess}, {@code map}, {@code
 * compose} and the other operations run in the context of the code that registered them, as a
 * promise's {@code then} callback does in Node, whichever thread completes the future (an event
 * loop, another request's thread) and whatever context that thread is in.
 */
class VertxFuturesIT {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final AnotherRequest otherRequest = new AnotherRequest(storage, "other request");
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private Vertx vertx;

  @AfterEach
  void shutDown() throws Exception {
    otherRequest.close();
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, SECONDS);
    }
  }

  private String store() {
    return String.valueOf(storage.getStore());
  }

  @Test
  void handlersAndOperationsRunInTheContextThatRegisteredThem() throws Exception {
    Promise<String> promise = Promise.promise();
    Future<String> chain =
        storage.call(
            "registrar",
            () -> {
              Future<String> future = promise.future();
              future.onComplete(result -> seen.add("onComplete:" + result.result() + ":" + store()));
              future.onSuccess(value -> seen.add("onSuccess:" + store()));
              future.onComplete((value, failure) -> seen.add("completable:" + store()));
              return future
                  .map(value -> value + ">map:" + store())
                  .compose(value -> Future.succeededFuture(value + ">compose:" + store()))
                  .eventually(() -> {
                    seen.add("eventually:" + store());
                    return Future.succeededFuture();
                  });
            });

    otherRequest.run(() -> promise.complete("v"));

    assertThat(chain.result()).isEqualTo("v>map:registrar>compose:registrar");
    assertThat(seen)
        .containsExactly("onComplete:v:registrar", "onSuccess:registrar", "completable:registrar", "eventually:registrar");
  }

  @Test
  void failureHandlersRunInTheContextThatRegisteredThem() throws Exception {
    Promise<String> promise = Promise.promise();
    Future<String> recovered =
        storage.call(
            "registrar",
            () -> {
              promise.future().onFailure(failure -> seen.add("onFailure:" + failure.getMessage() + ":" + store()));
              return promise.future().recover(failure -> Future.succeededFuture("recovered:" + store()));
            });

    otherRequest.run(() -> promise.fail(new IllegalStateException("boom")));

    assertThat(recovered.result()).isEqualTo("recovered:registrar");
    assertThat(seen).containsExactly("onFailure:boom:registrar");
  }

  @Test
  void aHandlerRegisteredInNoContextRunsInNone() throws Exception {
    Promise<String> promise = Promise.promise();
    promise.future().onComplete(result -> seen.add("outside:" + store()));

    otherRequest.run(() -> promise.complete("v"));

    assertThat(seen).containsExactly("outside:null");
  }

  @Test
  void oneCompletableOnSeveralFuturesRunsForEachInTheContextOfThatRegistration() throws Exception {
    Promise<String> first = Promise.promise();
    Promise<String> second = Promise.promise();
    Completable<String> shared = (value, failure) -> seen.add(value + ":" + store());
    storage.run("r1", () -> first.future().onComplete(shared));
    storage.run("r2", () -> second.future().onComplete(shared));
    storage.run("r3", () -> first.future().onComplete(shared));

    otherRequest.run(() -> second.complete("second"));
    otherRequest.run(() -> first.complete("first"));

    assertThat(seen).containsExactly("second:r2", "first:r1", "first:r3");
  }

  @Test
  void aHandlerThatThrowsLeavesTheNextItsOwnContext() throws Exception {
    Promise<String> promise = Promise.promise();
    storage.run(
        "failing",
        () ->
            promise.future().onSuccess(value -> {
              seen.add("failing:" + store());
              throw new IllegalStateException("handler failed");
            }));
    storage.run("next", () -> promise.future().onSuccess(value -> seen.add("next:" + store())));

    otherRequest.run(() -> promise.complete("v"));

    assertThat(seen).containsExactly("failing:failing", "next:next");
    assertThat(promise.future().result()).isEqualTo("v");
  }

  @Test
  void handlersOfFuturesCompletedOnAnEventLoopRunInTheRequestThatRegisteredThem() throws Exception {
    vertx = Vertx.vertx();
    CountDownLatch done = new CountDownLatch(2);
    CompletableFuture<String> composed = new CompletableFuture<>();

    storage.run(
        "request-7",
        () -> {
          vertx.timer(5).onComplete(timer -> {
            seen.add("timer:" + store());
            done.countDown();
          });
          vertx
              .executeBlocking(() -> "blocking:" + store())
              .map(value -> value + ">map:" + store())
              .onComplete(result -> {
                composed.complete(result.result());
                done.countDown();
              });
        });

    assertThat(done.await(10, SECONDS)).isTrue();
    assertThat(seen).containsExactly("timer:request-7");
    assertThat(composed.get(10, SECONDS)).isEqualTo("blocking:request-7>map:request-7");
  }

  @Test
  void aHandlerRegisteredOnACompletedFutureRunsInTheRegisteringContext() {
    Promise<String> promise = Promise.promise();
    promise.complete("v");

    storage.run("late", () -> promise.future().onComplete(result -> seen.add("late:" + store())));

    assertThat(seen).containsExactly("late:late");
  }
}

package dev.baton.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

class ReactorPropagationTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final AsyncLocalStorage<String> WORKER = new AsyncLocalStorage<>("worker");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ExecutorService ownThread =
      Executors.newSingleThreadExecutor(
          task ->
              new Thread(
                  () -> {
                    // A thread with a context of its own, which operators must give back
                    WORKER.enterWith("own");
                    task.run();
                  },
                  "worker-with-context"));
  private final Scheduler ownScheduler = Schedulers.fromExecutorService(ownThread);

  @BeforeAll
  static void automaticPropagation() {
    Hooks.enableAutomaticContextPropagation();
  }

  @AfterAll
  static void noAutomaticPropagation() {
    Hooks.disableAutomaticContextPropagation();
  }

  @AfterEach
  void stop() throws InterruptedException {
    ownScheduler.dispose();
    ownThread.shutdownNow();
    assertThat(ownThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void theAccessorIsFoundThroughServiceLoader() {
    assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
        .anySatisfy(accessor -> assertThat(accessor).isInstanceOf(BatonThreadLocalAccessor.class));
  }

  @Test
  void publishOnCarriesTheStoreAndGivesTheWorkerItsOwnContextBack() {
    List<String> seen =
        REQUEST_ID.run(
            "r-publish",
            () ->
                Flux.range(1, 5)
                    .publishOn(ownScheduler)
                    .map(i -> REQUEST_ID.getStore() + "/" + WORKER.getStore())
                    .collectList()
                    .block(TIMEOUT));

    assertThat(seen).containsOnly("r-publish/null");
    assertThat(onOwnThread()).as("after the flux").isEqualTo("null/own");
  }

  @Test
  void subscribeOnCarriesTheStore() {
    String seen =
        REQUEST_ID.run(
            "r-subscribe",
            () ->
                Mono.fromCallable(REQUEST_ID::getStore)
                    .subscribeOn(Schedulers.boundedElastic())
                    .block(TIMEOUT));

    assertThat(seen).isEqualTo("r-subscribe");
    assertThat(REQUEST_ID.getStore()).isNull();
  }

  @Test
  void contextCaptureCarriesTheStoreOfTheSubscriberWithoutBlocking() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<String> seen = new AtomicReference<>();

    REQUEST_ID.run(
        "r-capture",
        () ->
            Mono.just(1)
                .delayElement(Duration.ofMillis(1), Schedulers.parallel())
                .map(i -> REQUEST_ID.getStore())
                .contextCapture()
                .subscribe(
                    value -> {
                      seen.set(value);
                      done.countDown();
                    }));

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).hasValue("r-capture");
  }

  @Test
  void flatMapOnParallelSchedulersKeepsEachRequestsStore() {
    Set<String> mixUps = ConcurrentHashMap.newKeySet();

    List<Integer> served =
        Flux.range(0, 200)
            .flatMap(
                i ->
                    REQUEST_ID.run(
                        "r-" + i,
                        () ->
                            Mono.fromCallable(REQUEST_ID::getStore)
                                .subscribeOn(Schedulers.parallel())
                                .publishOn(Schedulers.boundedElastic())
                                .map(
                                    id -> {
                                      String now = REQUEST_ID.getStore();
                                      if (!id.equals("r-" + i) || !id.equals(now)) {
                                        mixUps.add(i + ": " + id + "/" + now);
                                      }
                                      return i;
                                    })
                                // contextCapture() would capture when flatMap subscribes, on
                                // the outer flux's thread: each inner mono carries its own
                                .contextWrite(
                                    Context.of(
                                        BatonThreadLocalAccessor.KEY,
                                        AsyncLocalStorage.snapshot()))),
                16)
            .collectList()
            .block(TIMEOUT);

    assertThat(served).hasSize(200);
    assertThat(mixUps).isEmpty();
  }

  @Test
  void anEmptyContextIsPropagatedAsEmpty() {
    String seen =
        Mono.fromCallable(() -> String.valueOf(WORKER.getStore()))
            .subscribeOn(ownScheduler)
            .contextCapture()
            .block(TIMEOUT);

    assertThat(seen).as("the worker's own store is hidden from a flux with no context").isEqualTo("null");
    assertThat(onOwnThread()).isEqualTo("null/own");
  }

  @Test
  void aContextSnapshotRestoresThePreviousContextWhenItsScopeCloses() {
    ContextSnapshotFactory factory = ContextSnapshotFactory.builder().build();
    ContextSnapshot captured = REQUEST_ID.run("r-snapshot", () -> factory.captureAll());
    String[] seen = new String[2];

    WORKER.run(
        "caller",
        () -> {
          try (ContextSnapshot.Scope scope = captured.setThreadLocals()) {
            seen[0] = REQUEST_ID.getStore() + "/" + WORKER.getStore();
          }
          seen[1] = REQUEST_ID.getStore() + "/" + WORKER.getStore();
        });

    assertThat(seen[0]).as("inside the scope: the captured context, whole").isEqualTo("r-snapshot/null");
    assertThat(seen[1]).as("after the scope: the caller's context").isEqualTo("null/caller");
  }

  @Test
  void theAccessorRejectsANullContext() {
    BatonThreadLocalAccessor accessor = new BatonThreadLocalAccessor();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> accessor.setValue(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThat(accessor.key()).isEqualTo("dev.baton.context");
    assertThat(accessor.getValue()).as("nothing to capture").isNull();
  }

  private String onOwnThread() {
    try {
      return ownThread
          .submit(() -> REQUEST_ID.getStore() + "/" + WORKER.getStore())
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

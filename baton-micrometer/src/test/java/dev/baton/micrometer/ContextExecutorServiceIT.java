package dev.baton.micrometer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextExecutors;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Under Baton's agent, Micrometer's {@code ContextExecutorService} and context snapshots work as
 * without it: what they restore wins, for Baton's context (through {@link
 * BatonThreadLocalAccessor}) and for the other thread locals they carry.
 */
class ContextExecutorServiceIT {

  private static final String USER = "test.user";
  private static final ThreadLocal<String> CURRENT_USER = new ThreadLocal<>();
  private static final AsyncLocalStorage<String> REQUEST = new AsyncLocalStorage<>("request");

  private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeAll
  static void registerTheApplicationsThreadLocal() {
    ContextRegistry.getInstance().registerThreadLocalAccessor(USER, CURRENT_USER);
  }

  @AfterAll
  static void unregister() {
    ContextRegistry.getInstance().removeThreadLocalAccessor(USER);
  }

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();
  }

  private String read() {
    return CURRENT_USER.get() + "/" + REQUEST.getStore();
  }

  @Test
  void aContextExecutorServiceCarriesItsThreadLocalsAndBatonsContext() throws Exception {
    assertThat(ContextExecutors.agentInstalled()).isTrue();
    ExecutorService wrapped = ContextExecutorService.wrap(pool, snapshots::captureAll);

    CURRENT_USER.set("alice");
    try {
      List<String> seen =
          REQUEST.call(
              "r-1",
              () -> {
                Callable<String> read = this::read;
                return List.of(
                    wrapped.submit(read).get(10, SECONDS),
                    wrapped.invokeAll(List.of(read)).get(0).get(),
                    wrapped.invokeAny(List.of(read)));
              });

      assertThat(seen).containsOnly("alice/r-1");
    } finally {
      CURRENT_USER.remove();
    }
    assertThat(pool.submit(this::read).get(10, SECONDS)).isEqualTo("null/null");
  }

  @Test
  void aSnapshotCapturedElsewhereWinsOverTheContextOfWhoeverSubmitsTheTask() throws Exception {
    ContextSnapshot captured;
    CURRENT_USER.set("alice");
    try {
      captured = REQUEST.call("captured", snapshots::captureAll);
    } finally {
      CURRENT_USER.remove();
    }

    String seen =
        REQUEST.call("submitter", () -> pool.submit(captured.wrap(this::read)).get(10, SECONDS));

    assertThat(seen).isEqualTo("alice/captured");
    assertThat(pool.submit(this::read).get(10, SECONDS)).isEqualTo("null/null");
  }
}

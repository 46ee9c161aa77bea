package dev.baton.log4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextExecutors;
import dev.baton.log4j.LoggingSetup.Mode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs under {@code -javaagent:baton-agent.jar}: plain executors and threads, no wrapping. */
class AgentThreadContextIT {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  @TempDir Path dir;

  @Test
  void theThreadContextFollowsPlainExecutorsStagesAndThreadsAndNothingStaysOnTheWorker() throws Exception {
    assertThat(ContextExecutors.agentInstalled()).isTrue();
    LoggingSetup logging = LoggingSetup.pattern(dir, Mode.ASYNC_APPENDER, "%m all=%X%n");
    Logger log = logging.logger();
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      REQUEST_ID.call(
          "r-agent",
          () -> {
            ThreadContext.put("user", "ann");
            pool.submit(() -> log.info("executor")).get(10, TimeUnit.SECONDS);
            CompletableFuture.supplyAsync(() -> "stage", pool)
                .thenAccept(log::info)
                .get(10, TimeUnit.SECONDS);
            Thread thread = new Thread(() -> log.info("thread"));
            thread.start();
            thread.join(10_000);
            return null;
          });
      Map<String, String> leftOnWorker = pool.submit(ThreadContext::getImmutableContext).get(10, TimeUnit.SECONDS);

      assertThat(logging.stop())
          .containsExactly(
              "executor all={requestId=r-agent, user=ann}",
              "stage all={requestId=r-agent, user=ann}",
              "thread all={requestId=r-agent, user=ann}");
      assertThat(leftOnWorker).isEmpty();
      assertThat(ThreadContext.get("user")).isNull();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}

package dev.baton.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextExecutors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Runs under {@code -javaagent:baton-agent.jar}: plain executors, no wrapping. */
class AgentMdcIT {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final Logger LOG = LoggerFactory.getLogger("sync");

  @Test
  void theMdcFollowsPlainExecutorsAndCompletableFutures() throws Exception {
    assertThat(ContextExecutors.agentInstalled()).isTrue();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      REQUEST_ID.run(
          "r-agent",
          () -> {
            MDC.put("user", "ann");
            CompletableFuture.runAsync(() -> LOG.info("agent-mdc stage"), pool)
                .thenRun(() -> LOG.info("agent-mdc dependent"))
                .join();
          });

      assertThat(CapturedOutput.linesWith("agent-mdc"))
          .containsExactly(
              "agent-mdc stage id=r-agent user=ann all=[requestId=r-agent]",
              "agent-mdc dependent id=r-agent user=ann all=[requestId=r-agent]");
      assertThat(pool.submit(MDC::getCopyOfContextMap).get()).as("a worker has no MDC map").isNull();
      assertThat(MDC.get("user")).isNull();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}

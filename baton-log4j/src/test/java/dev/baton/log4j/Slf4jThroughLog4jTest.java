package dev.baton.log4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextExecutors;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** SLF4J's MDC over Log4j ({@code log4j-slf4j2-impl}) writes the same map, so it follows too. */
class Slf4jThroughLog4jTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  @Test
  void anMdcEntryPutThroughSlf4jFollowsTheWorkAndEndsWithTheRun() throws Exception {
    ExecutorService pool = ContextExecutors.wrap(Executors.newSingleThreadExecutor());
    try {
      Map<String, String> seen =
          REQUEST_ID.call(
              "r-slf4j",
              () -> {
                MDC.put("user", "ann");
                assertThat(ThreadContext.get("user")).isEqualTo("ann");
                return pool.submit(MDC::getCopyOfContextMap).get(10, TimeUnit.SECONDS);
              });

      assertThat(seen).isEqualTo(Map.of("user", "ann"));
      assertThat(MDC.get("user")).isNull();
      assertThat(pool.submit(() -> MDC.get("user")).get(10, TimeUnit.SECONDS)).isNull();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}

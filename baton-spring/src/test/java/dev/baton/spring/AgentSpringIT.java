package dev.baton.spring;

import static dev.baton.spring.Requests.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextExecutors;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Under the agent: the context travels by the agent, the MDC by the decorator. */
class AgentSpringIT {

  private static final AsyncLocalStorage<String> TENANT = new AsyncLocalStorage<>("tenant");

  @Test
  void aTaskDecoratorThatSetsAStoreWinsForItAndTheSubmittersOtherStoresStillArrive() throws Exception {
    ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    executor.setCorePoolSize(2);
    executor.setTaskDecorator(task -> () -> TENANT.run("set by the decorator", task));
    executor.initialize();
    try {
      Supplier<String> reading = () -> REQUEST_ID.getStore() + "/" + TENANT.getStore();
      Callable<String> read = reading::get;
      List<String> seen =
          TENANT.call(
              "submitter's tenant",
              () ->
                  REQUEST_ID.call(
                      "r-decorated",
                      () -> {
                        CompletableFuture<String> executed = new CompletableFuture<>();
                        executor.execute(() -> executed.complete(reading.get()));
                        return List.of(
                            executed.get(10, TimeUnit.SECONDS),
                            executor.submit(read).get(10, TimeUnit.SECONDS),
                            executor.submitCompletable(read).get(10, TimeUnit.SECONDS));
                      }));

      assertThat(seen).containsOnly("r-decorated/set by the decorator");
      assertThat(executor.submit(read).get(10, TimeUnit.SECONDS)).isEqualTo("null/set by the decorator");
    } finally {
      executor.shutdown();
    }
  }

  @Test
  void withTheAgentOnlyTheMdcIsDecoratedAndBothArrive() throws Exception {
    assertThat(ContextExecutors.agentInstalled()).isTrue();
    assertThat(BatonTaskDecorator.forThisJvm().carriesContext()).isFalse();
    assertThat(BatonTaskDecorator.forThisJvm().carriesMdc()).isTrue();
    try (ConfigurableApplicationContext app = SpringApps.start(SpringApps.DefaultExecutorApp.class)) {
      Requests requests = app.getBean(Requests.class);

      Future<String> seen =
          REQUEST_ID.run(
              "r-agent",
              () -> {
                MDC.put("user", "ann");
                try {
                  return requests.onDefaultExecutor();
                } finally {
                  MDC.remove("user");
                }
              });

      assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("id=r-agent user=ann");
      assertThat(requests.onDefaultExecutor().get(10, TimeUnit.SECONDS)).isEqualTo("id=null user=null");
    }
  }
}

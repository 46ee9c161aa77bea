package dev.baton.spring;

import static dev.baton.spring.Requests.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ContextExecutors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.context.ConfigurableApplicationContext;

/** Under the agent: the context travels by the agent, the MDC by the decorator. */
class AgentSpringIT {

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

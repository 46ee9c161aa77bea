package dev.baton.spring;

import static dev.baton.spring.Requests.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

class BatonAutoConfigurationTest {

  @Test
  void asyncMethodsOnBootsExecutorRunInTheCallersContextAndMdc() throws Exception {
    try (ConfigurableApplicationContext app = SpringApps.start(SpringApps.DefaultExecutorApp.class)) {
      Requests requests = app.getBean(Requests.class);

      String seen = inRequest("r-1", "ann", requests::onDefaultExecutor);

      assertThat(seen).isEqualTo("id=r-1 user=ann");
      assertThat(requests.onDefaultExecutor().get(10, TimeUnit.SECONDS))
          .as("the same pool, called with no context: nothing left from the request")
          .isEqualTo("id=null user=null");
    }
  }

  @Test
  void theApplicationsOwnDecoratorIsKeptAndRunsInsideTheCallersContext() throws Exception {
    try (ConfigurableApplicationContext app = SpringApps.start(SpringApps.CustomExecutorApp.class)) {
      Requests requests = app.getBean(Requests.class);

      String seen = inRequest("r-2", "bob", requests::onCustomExecutor);

      assertThat(seen).isEqualTo("id=r-2 user=bob app=saw r-2");
    }
  }

  @Test
  void aTaskSchedulerBeanRunsScheduledTasksInTheSchedulersContext() throws Exception {
    try (ConfigurableApplicationContext app = SpringApps.start(SpringApps.CustomExecutorApp.class)) {
      ThreadPoolTaskScheduler scheduler = app.getBean("customScheduler", ThreadPoolTaskScheduler.class);
      CompletableFuture<String> seen = new CompletableFuture<>();

      REQUEST_ID.run(
          "r-3",
          () -> scheduler.schedule(() -> seen.complete(Requests.seen()), Instant.now()));

      assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("id=r-3 user=null");
    }
  }

  @Test
  void aPropertyTurnsTheDecorationOff() throws Exception {
    try (ConfigurableApplicationContext app =
        SpringApps.start(SpringApps.DefaultExecutorApp.class, "baton.spring.executors.enabled=false")) {
      Requests requests = app.getBean(Requests.class);

      assertThat(inRequest("r-4", "cid", requests::onDefaultExecutor)).isEqualTo("id=null user=null");
    }
  }

  @Test
  void theMdcCopyCanBeTurnedOffAlone() throws Exception {
    try (ConfigurableApplicationContext app =
        SpringApps.start(SpringApps.DefaultExecutorApp.class, "baton.spring.mdc.enabled=false")) {
      Requests requests = app.getBean(Requests.class);

      assertThat(inRequest("r-5", "dan", requests::onDefaultExecutor)).isEqualTo("id=r-5 user=null");
    }
  }

  @Test
  void theDecoratorRestoresTheWorkersMdcAndContextWhenATaskThrows() {
    TaskDecorator decorator = BatonTaskDecorator.of(true, true);
    Runnable failing =
        REQUEST_ID.run(
            "r-6",
            () -> {
              MDC.put("user", "eve");
              try {
                return decorator.decorate(
                    () -> {
                      throw new IllegalStateException("task failed: " + Requests.seen());
                    });
              } finally {
                MDC.remove("user");
              }
            });
    MDC.put("user", "worker");

    assertThatThrownBy(failing::run).hasMessage("task failed: id=r-6 user=eve");

    assertThat(Requests.seen()).isEqualTo("id=null user=worker");
    MDC.clear();
    assertThatThrownBy(() -> decorator.decorate(null)).hasMessage("runnable");
  }

  private static String inRequest(
      String id, String user, java.util.function.Supplier<Future<String>> call) throws Exception {
    Future<String> result =
        REQUEST_ID.run(
            id,
            () -> {
              MDC.put("user", user);
              try {
                return call.get();
              } finally {
                MDC.remove("user");
              }
            });
    return result.get(10, TimeUnit.SECONDS);
  }
}

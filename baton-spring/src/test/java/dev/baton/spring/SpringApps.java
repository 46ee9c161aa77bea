package dev.baton.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Real Spring Boot applications the tests start, with Baton's auto-configuration found as users get it. */
final class SpringApps {

  private SpringApps() {}

  static ConfigurableApplicationContext start(Class<?> app, String... properties) {
    return new SpringApplicationBuilder(app)
        .web(WebApplicationType.NONE)
        .properties("spring.main.banner-mode=off", "logging.level.root=warn")
        .properties(properties)
        .run();
  }

  /** Boot's own executor serves {@code @Async}. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableAsync
  static class DefaultExecutorApp {
    @Bean
    Requests requests() {
      return new Requests();
    }
  }

  /** The application's own executor, with its own decorator, and a scheduler. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableAsync
  static class CustomExecutorApp {
    @Bean
    Requests requests() {
      return new Requests();
    }

    @Bean
    ThreadPoolTaskExecutor customExecutor() {
      ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
      executor.setCorePoolSize(1);
      executor.setThreadNamePrefix("custom-");
      TaskDecorator appDecorator =
          task ->
              () -> {
                // Runs inside Baton's decoration: it sees the submitter's request id
                Requests.APP_DECORATOR.set("saw " + Requests.REQUEST_ID.getStore());
                try {
                  task.run();
                } finally {
                  Requests.APP_DECORATOR.remove();
                }
              };
      executor.setTaskDecorator(appDecorator);
      return executor;
    }

    @Bean
    ThreadPoolTaskScheduler customScheduler() {
      ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
      scheduler.setPoolSize(1);
      scheduler.setThreadNamePrefix("scheduler-");
      return scheduler;
    }
  }
}

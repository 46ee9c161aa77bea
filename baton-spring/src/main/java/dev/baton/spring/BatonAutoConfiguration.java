package dev.baton.spring;

import dev.baton.spring.internal.TaskDecoratingPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;

/**
 * Makes {@code @Async} methods, {@code TaskExecutor} and {@code TaskScheduler} beans run each task
 * in the context of the code that submitted it, with no code: every executor bean that takes a
 * {@link TaskDecorator} gets {@link BatonTaskDecorator} after the decorator it already has.
 *
 * <ul>
 *   <li>Baton's context is carried when the Baton agent is absent (with the agent, executors
 *       already carry it);
 *   <li>SLF4J's MDC is copied when its MDC is a thread-local; with {@code baton-slf4j}'s provider
 *       the MDC is part of Baton's context and travels with it.
 * </ul>
 *
 * <p>Properties: {@code baton.spring.executors.enabled} (default {@code true}) turns the
 * decoration off; {@code baton.spring.mdc.enabled} (default {@code true}) turns the MDC copy off.
 * Executors that are not beans, or that take no decorator (a plain {@code ExecutorService} bean),
 * need the agent or {@code ContextExecutors.wrap}.
 */
@AutoConfiguration(before = {TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class})
@ConditionalOnClass(TaskDecorator.class)
@ConditionalOnProperty(name = "baton.spring.executors.enabled", matchIfMissing = true)
public class BatonAutoConfiguration {

  /** Creates the configuration; Spring Boot does so. */
  public BatonAutoConfiguration() {}

  /**
   * The post-processor that decorates executor beans; static, as post-processors are created
   * before other beans.
   *
   * @param environment the application's properties
   * @return the post-processor
   */
  @Bean
  static BeanPostProcessor batonTaskDecoratingPostProcessor(Environment environment) {
    boolean mdc = environment.getProperty("baton.spring.mdc.enabled", Boolean.class, true);
    BatonTaskDecorator needed = BatonTaskDecorator.forThisJvm();
    BatonTaskDecorator decorator = BatonTaskDecorator.of(needed.carriesContext(), needed.carriesMdc() && mdc);
    if (decorator.isNoOp()) {
      return new BeanPostProcessor() {};
    }
    return new TaskDecoratingPostProcessor(decorator);
  }
}

package dev.baton.spring.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.util.ReflectionUtils;

/**
 * Adds a decorator to every bean that takes one ({@code ThreadPoolTaskExecutor}, {@code
 * ThreadPoolTaskScheduler}, {@code SimpleAsyncTaskExecutor}, {@code ConcurrentTaskExecutor} and
 * the like), after the decorator the bean already has, so that the application's own decorator
 * runs inside the submitter's context too.
 */
public final class TaskDecoratingPostProcessor implements BeanPostProcessor {

  private static final Log LOG = LogFactory.getLog(TaskDecoratingPostProcessor.class);
  private static final String FIELD = "taskDecorator";

  private final TaskDecorator decorator;

  public TaskDecoratingPostProcessor(TaskDecorator decorator) {
    this.decorator = decorator;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    Class<?> type = bean.getClass();
    Method setter = ReflectionUtils.findMethod(type, "setTaskDecorator", TaskDecorator.class);
    if (setter == null) {
      return bean;
    }
    Field field = ReflectionUtils.findField(type, FIELD, TaskDecorator.class);
    if (field == null) {
      LOG.warn(
          "Baton leaves the tasks of bean '"
              + beanName
              + "' ("
              + type.getName()
              + ") undecorated: it takes a TaskDecorator but does not keep it in a field named '"
              + FIELD
              + "', so the one it has could not be kept. Set a CompositeTaskDecorator with"
              + " BatonTaskDecorator.forThisJvm() on it yourself.");
      return bean;
    }
    ReflectionUtils.makeAccessible(field);
    TaskDecorator existing = (TaskDecorator) ReflectionUtils.getField(field, bean);
    if (existing == decorator || existing instanceof dev.baton.spring.BatonTaskDecorator) {
      return bean;
    }
    TaskDecorator combined =
        existing == null ? decorator : new CompositeTaskDecorator(List.of(existing, decorator));
    ReflectionUtils.invokeMethod(setter, bean, combined);
    return bean;
  }
}

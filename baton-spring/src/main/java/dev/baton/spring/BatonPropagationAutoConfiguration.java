package dev.baton.spring;

import dev.baton.ContextPropagation;
import dev.baton.spring.internal.StoresFromProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Builds the application's {@link ContextPropagation} from its properties, when it declares none
 * itself: {@code baton.propagation.stores} lists the storages to carry, each as the static field
 * holding it.
 *
 * <pre>
 * baton.propagation.stores=com.example.Requests.REQUEST_ID,com.example.Requests.TENANT
 * </pre>
 *
 * <p>Each field must be a {@code static} {@code AsyncLocalStorage<String>} with a name, which is
 * its key in the baggage. A storage of another type needs an encoder and a decoder: declare a
 * {@code ContextPropagation} bean instead, which then wins over the property. A wrong entry stops
 * the application's start with one line naming it.
 */
@AutoConfiguration
@ConditionalOnProperty(name = StoresFromProperties.PROPERTY)
public class BatonPropagationAutoConfiguration {

  /** Creates the configuration; Spring Boot does so. */
  public BatonPropagationAutoConfiguration() {}

  /**
   * The propagation carrying the storages the property names.
   *
   * @param environment the application's properties
   * @return the propagation
   */
  @Bean
  @ConditionalOnMissingBean
  ContextPropagation batonContextPropagation(Environment environment) {
    return StoresFromProperties.propagation(environment.getProperty(StoresFromProperties.PROPERTY, ""));
  }
}

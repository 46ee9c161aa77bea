package dev.baton.spring;

import dev.baton.ContextPropagation;
import dev.baton.servlet.ContextFilter;
import dev.baton.spring.internal.HttpClientsPostProcessor;
import dev.baton.spring.web.ContextWebFilter;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.server.WebFilter;

/**
 * Carries the stores of the application's {@link ContextPropagation} through HTTP with no code:
 * when the application has one (a bean, or {@code baton.propagation.stores}, see {@link
 * BatonPropagationAutoConfiguration}),
 *
 * <ul>
 *   <li>a servlet application serves each request in the context its headers carry, with {@code
 *       baton-servlet}'s {@link ContextFilter} on every request, asynchronous and error dispatches
 *       included, at order {@link #SERVLET_FILTER_ORDER};
 *   <li>a reactive application does so with {@link ContextWebFilter};
 *   <li>every {@code RestClient.Builder}, {@code RestTemplateBuilder}, {@code RestTemplate} and
 *       {@code WebClient.Builder} bean sends the caller's stores, and a {@code WebClient} handles
 *       its responses in the caller's context.
 * </ul>
 *
 * <p>{@code baton.web.enabled=false} turns all of it off. A bean of the application's own named
 * {@code batonContextFilter} (servlet) or {@code batonContextWebFilter} (reactive) replaces
 * Baton's. Clients built without Spring's builders ({@code RestClient.create()}, {@code
 * WebClient.create()}) are not reached: give them {@link
 * dev.baton.spring.web.ContextClientInterceptor} or {@link
 * dev.baton.spring.web.ContextExchangeFilter}.
 */
@AutoConfiguration(after = BatonPropagationAutoConfiguration.class)
@ConditionalOnClass(ClientHttpRequestInterceptor.class)
@ConditionalOnBean(ContextPropagation.class)
@ConditionalOnProperty(name = "baton.web.enabled", matchIfMissing = true)
public class BatonWebAutoConfiguration {

  /**
   * The servlet filter's order: just after the highest precedence (Spring's character encoding
   * filter), before Spring Security's and the application's filters, so that they run in the
   * request's context too.
   */
  public static final int SERVLET_FILTER_ORDER = ContextWebFilter.ORDER;

  /** Creates the configuration; Spring Boot does so. */
  public BatonWebAutoConfiguration() {}

  /**
   * Adds Baton's interceptor or filter to the HTTP clients' builders; static, as post-processors
   * are created before other beans.
   *
   * @param propagation the application's propagation, read when the first client is built
   * @return the post-processor
   */
  @Bean
  static BeanPostProcessor batonHttpClientsPostProcessor(ObjectProvider<ContextPropagation> propagation) {
    return new HttpClientsPostProcessor(propagation::getObject);
  }

  /** Servlet applications: the filter on every dispatch. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({ContextFilter.class, FilterRegistrationBean.class})
  static class Servlet {
    @Bean
    @ConditionalOnMissingBean(name = "batonContextFilter")
    FilterRegistrationBean<ContextFilter> batonContextFilter(ContextPropagation propagation) {
      FilterRegistrationBean<ContextFilter> registration = new FilterRegistrationBean<>(new ContextFilter(propagation));
      registration.setName("batonContextFilter");
      registration.setAsyncSupported(true);
      registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
      registration.setOrder(SERVLET_FILTER_ORDER);
      return registration;
    }
  }

  /** Reactive applications: the web filter. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(WebFilter.class)
  static class Reactive {
    @Bean
    @ConditionalOnMissingBean(name = "batonContextWebFilter")
    ContextWebFilter batonContextWebFilter(ContextPropagation propagation) {
      return new ContextWebFilter(propagation);
    }
  }
}

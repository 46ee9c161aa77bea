package dev.baton.spring.internal;

import dev.baton.ContextPropagation;
import dev.baton.spring.web.ContextClientInterceptor;
import dev.baton.spring.web.ContextExchangeFilter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.support.InterceptingHttpAccessor;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Adds Baton's interceptor to each {@code RestClient.Builder}, {@code RestTemplateBuilder} and
 * {@code RestTemplate} bean, and Baton's filter to each {@code WebClient.Builder} bean, after
 * those they have, once. The builders are prototypes: each one the application gets passes here.
 */
public final class HttpClientsPostProcessor implements BeanPostProcessor {

  /** {@code RestTemplateBuilder}, in Spring Boot 3's package and in Spring Boot 4's. */
  private static final List<String> REST_TEMPLATE_BUILDERS =
      List.of("org.springframework.boot.web.client.RestTemplateBuilder", "org.springframework.boot.restclient.RestTemplateBuilder");

  private static final boolean WEB_CLIENT =
      ClassUtils.isPresent("org.springframework.web.reactive.function.client.WebClient", HttpClientsPostProcessor.class.getClassLoader());

  private final Supplier<ContextPropagation> propagation;
  private volatile ContextClientInterceptor interceptor;

  public HttpClientsPostProcessor(Supplier<ContextPropagation> propagation) {
    this.propagation = propagation;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof RestClient.Builder) {
      ((RestClient.Builder) bean).requestInterceptors(this::addInterceptor);
    } else if (bean instanceof InterceptingHttpAccessor) {
      // Set anew rather than added to in place: the accessor caches a request factory built on them
      InterceptingHttpAccessor restTemplate = (InterceptingHttpAccessor) bean;
      List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(restTemplate.getInterceptors());
      addInterceptor(interceptors);
      restTemplate.setInterceptors(interceptors);
    } else if (REST_TEMPLATE_BUILDERS.contains(bean.getClass().getName())) {
      return withInterceptor(bean, beanName);
    } else if (WEB_CLIENT && WebClients.isBuilder(bean)) {
      WebClients.addFilter(bean, propagation);
    }
    return bean;
  }

  private void addInterceptor(List<ClientHttpRequestInterceptor> interceptors) {
    if (interceptors.stream().noneMatch(ContextClientInterceptor.class::isInstance)) {
      interceptors.add(interceptor());
    }
  }

  /** The builder with Baton's interceptor: Spring Boot's builder is immutable. */
  private Object withInterceptor(Object restTemplateBuilder, String beanName) {
    try {
      Method additional =
          restTemplateBuilder.getClass().getMethod("additionalInterceptors", ClientHttpRequestInterceptor[].class);
      return additional.invoke(restTemplateBuilder, (Object) new ClientHttpRequestInterceptor[] {interceptor()});
    } catch (ReflectiveOperationException | RuntimeException unexpected) {
      throw new IllegalStateException(
          "Baton could not add its interceptor to bean '" + beanName + "' (" + restTemplateBuilder.getClass().getName()
              + "); set baton.web.enabled=false and add dev.baton.spring.web.ContextClientInterceptor yourself",
          unexpected);
    }
  }

  private ContextClientInterceptor interceptor() {
    ContextClientInterceptor made = interceptor;
    if (made == null) {
      made = new ContextClientInterceptor(propagation.get());
      interceptor = made;
    }
    return made;
  }

  /** Kept apart so that the class loads only where WebFlux is present. */
  private static final class WebClients {
    static boolean isBuilder(Object bean) {
      return bean instanceof WebClient.Builder;
    }

    static void addFilter(Object builder, Supplier<ContextPropagation> propagation) {
      ((WebClient.Builder) builder)
          .filters(
              filters -> {
                if (filters.stream().noneMatch(ContextExchangeFilter.class::isInstance)) {
                  filters.add(new ContextExchangeFilter(propagation.get()));
                }
              });
    }
  }
}

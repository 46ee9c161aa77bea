package dev.baton.spring.web;

import dev.baton.ContextPropagation;
import java.io.IOException;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends the caller's stores with each request of a {@code RestClient} or {@code RestTemplate}, as
 * {@link ContextPropagation#inject} writes them. Both clients are synchronous: the response is
 * handled on the caller's thread, in its context, with nothing more to do.
 *
 * <pre>{@code
 * RestClient client = RestClient.builder()
 *     .requestInterceptor(new ContextClientInterceptor(PROPAGATION))
 *     .build();
 * }</pre>
 *
 * <p>In a Spring Boot application, {@link dev.baton.spring.BatonWebAutoConfiguration} adds it to
 * every {@code RestClient.Builder}, {@code RestTemplateBuilder} and {@code RestTemplate} bean.
 */
public final class ContextClientInterceptor implements ClientHttpRequestInterceptor {

  private final ContextPropagation propagation;

  /**
   * An interceptor sending the stores {@code propagation} carries.
   *
   * @param propagation which stores requests carry, and how
   * @throws NullPointerException if {@code propagation} is null
   */
  public ContextClientInterceptor(ContextPropagation propagation) {
    this.propagation = Objects.requireNonNull(propagation, "propagation");
  }

  @Override
  public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
      throws IOException {
    propagation.inject(request.getHeaders(), HttpHeaders::set);
    return execution.execute(request, body);
  }

  @Override
  public String toString() {
    return "ContextClientInterceptor(" + propagation + ")";
  }
}

package dev.baton.spring.web;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.Snapshot;
import dev.baton.micrometer.BatonThreadLocalAccessor;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Sends the caller's stores with each request of a {@code WebClient}, and handles its response in
 * the caller's context: the response, its body and any error reach the caller's operators and
 * callbacks in the context the request was made in, although Reactor Netty delivers them on its
 * event loop.
 *
 * <pre>{@code
 * WebClient client = WebClient.builder().filter(new ContextExchangeFilter(PROPAGATION)).build();
 *
 * REQUEST_ID.run("r-1", () -> client.get().uri(uri).retrieve().bodyToMono(String.class)
 *     .map(body -> REQUEST_ID.getStore() + ": " + body)     // "r-1: ..."
 *     .subscribe());
 * }</pre>
 *
 * <p>The caller's context is the current one when the request is subscribed to, or, when that is
 * empty, the one a subscriber downstream put in Reactor's context under {@link
 * BatonThreadLocalAccessor#KEY} ({@link ContextWebFilter} does, for a WebFlux request). Put it
 * last among the client's filters, as {@link dev.baton.spring.BatonWebAutoConfiguration} does, so
 * that the other filters' own operators see the context too.
 */
public final class ContextExchangeFilter implements ExchangeFilterFunction {

  private final ContextPropagation propagation;

  /**
   * A filter sending the stores {@code propagation} carries.
   *
   * @param propagation which stores requests carry, and how
   * @throws NullPointerException if {@code propagation} is null
   */
  public ContextExchangeFilter(ContextPropagation propagation) {
    this.propagation = Objects.requireNonNull(propagation, "propagation");
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    return Mono.deferContextual(
        reactorContext -> {
          Snapshot caller = callersContext(reactorContext);
          ClientRequest carrying =
              ClientRequest.from(request)
                  .headers(headers -> propagation.inject(caller, headers, HttpHeaders::set))
                  .build();
          Mono<ClientResponse> response =
              next.exchange(carrying)
                  .map(received -> received.mutate().body(body -> SignalsInContext.in(caller, body)).build());
          return SignalsInContext.in(caller, response);
        });
  }

  private static Snapshot callersContext(ContextView reactorContext) {
    Snapshot current = AsyncLocalStorage.snapshot();
    if (!current.isEmpty()) {
      return current;
    }
    Object downstream = reactorContext.getOrDefault(BatonThreadLocalAccessor.KEY, null);
    return downstream instanceof Snapshot ? (Snapshot) downstream : current;
  }

  @Override
  public String toString() {
    return "ContextExchangeFilter(" + propagation + ")";
  }
}

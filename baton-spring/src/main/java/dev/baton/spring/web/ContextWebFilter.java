package dev.baton.spring.web;

import dev.baton.ContextPropagation;
import dev.baton.Scope;
import dev.baton.Snapshot;
import dev.baton.micrometer.BatonThreadLocalAccessor;
import java.util.Objects;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/**
 * Serves each WebFlux request in the context its headers carry, as {@link
 * ContextPropagation#extract} reads them. The rest of the chain is assembled and subscribed to in
 * that context, so handlers and the operators they run before their first asynchronous step see
 * the stores; the event loop's thread is back in its own context as soon as the subscription
 * returns. A request without baggage, or with malformed baggage, is served in the server's own
 * context (what is malformed is reported by the propagation).
 *
 * <p>After an asynchronous step (a {@code WebClient} call, a {@code delayElement}, a {@code
 * publishOn}), operators see the stores where Baton propagates them: under the agent, across
 * Reactor's schedulers; with {@code baton-micrometer} and {@code
 * Hooks.enableAutomaticContextPropagation()}, everywhere, from the context this filter puts in
 * Reactor's context under {@link BatonThreadLocalAccessor#KEY}. A {@code WebClient} with {@link
 * ContextExchangeFilter} delivers its response in the request's context either way.
 *
 * <pre>{@code
 * @Bean
 * ContextWebFilter batonContextWebFilter() {
 *   return new ContextWebFilter(PROPAGATION);
 * }
 * }</pre>
 *
 * <p>Its order is {@link #ORDER}, before the filters of most applications and libraries, so that
 * they run in the request's context too.
 */
@SuppressWarnings("try") // the scope is opened to be closed around the subscription
public final class ContextWebFilter implements WebFilter, Ordered {

  /** The filter's order: just after the highest precedence, before the filters of most applications. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

  private final ContextPropagation propagation;

  /**
   * A filter reading the stores {@code propagation} carries.
   *
   * @param propagation which stores requests carry, and how
   * @throws NullPointerException if {@code propagation} is null
   */
  public ContextWebFilter(ContextPropagation propagation) {
    this.propagation = Objects.requireNonNull(propagation, "propagation");
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Snapshot context = propagation.extract(exchange.getRequest().getHeaders(), Headers::joined);
    Mono<Void> served =
        new MonoOperator<Void, Void>(Mono.defer(() -> chain.filter(exchange))) {
          @Override
          public void subscribe(CoreSubscriber<? super Void> actual) {
            try (Scope ignored = context.enter()) {
              source.subscribe(actual);
            }
          }
        };
    return served.contextWrite(reactorContext -> reactorContext.put(BatonThreadLocalAccessor.KEY, context));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "ContextWebFilter(" + propagation + ")";
  }
}

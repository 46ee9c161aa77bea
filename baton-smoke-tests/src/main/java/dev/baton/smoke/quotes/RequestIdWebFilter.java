package dev.baton.smoke.quotes;

import dev.baton.Snapshot;
import dev.baton.micrometer.BatonThreadLocalAccessor;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Serves each request in its own request id: the caller's {@code X-Request-Id}, or a new one. */
@Component
class RequestIdWebFilter implements WebFilter {

  static final String HEADER = "X-Request-Id";

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String given = exchange.getRequest().getHeaders().getFirst(HEADER);
    String id = given == null || given.isBlank() ? UUID.randomUUID().toString() : given;
    exchange.getResponse().getHeaders().set(HEADER, id);
    Snapshot request = Snapshot.empty().with(QuotesApplication.REQUEST_ID, id);
    return chain.filter(exchange).contextWrite(context -> context.put(BatonThreadLocalAccessor.KEY, request));
  }
}

package dev.baton.smoke.quotes;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A quote: a rate from another endpoint, computed on a worker, sent after a short delay. */
@RestController
class QuoteController {

  private static final Logger log = LoggerFactory.getLogger(QuoteController.class);

  private final WebClient.Builder webClients;
  private final Environment environment;
  private volatile WebClient rates;

  QuoteController(WebClient.Builder webClients, Environment environment) {
    this.webClients = webClients;
    this.environment = environment;
  }

  @GetMapping("/quotes/{number}")
  Mono<String> quote(@PathVariable int number) {
    log.info("quote={} received", number);
    return rates()
        .get()
        .uri("/rates/{number}", number)
        .retrieve()
        .bodyToMono(String.class)
        .publishOn(Schedulers.boundedElastic())
        .map(
            rate -> {
              log.info("quote={} computed at {}", number, rate);
              return "quote " + number + " at " + rate;
            })
        .delayElement(Duration.ofMillis(2))
        .doOnNext(quote -> log.info("quote={} sent", number));
  }

  @GetMapping("/rates/{number}")
  Mono<String> rate(@PathVariable int number) {
    return Mono.fromCallable(
            () -> {
              log.info("quote={} rated", number);
              return (number % 50 + 1) + "%";
            })
        .subscribeOn(Schedulers.parallel());
  }

  private WebClient rates() {
    WebClient client = rates;
    if (client == null) {
      synchronized (this) {
        if (rates == null) {
          rates =
              webClients
                  .baseUrl("http://127.0.0.1:" + environment.getProperty("local.server.port"))
                  .filter(
                      (request, next) -> {
                        // The HTTP hop: the callee's filter serves the call in the same request id
                        String id = QuotesApplication.REQUEST_ID.getStore();
                        return next.exchange(
                            id == null ? request : ClientRequest.from(request).header(RequestIdWebFilter.HEADER, id).build());
                      })
                  .build();
        }
        client = rates;
      }
    }
    return client;
  }
}

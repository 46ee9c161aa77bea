package dev.baton.smoke.quotes;

import dev.baton.AsyncLocalStorage;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import reactor.core.publisher.Hooks;

/**
 * A reactive quote service: WebFlux on Reactor Netty. A {@code WebFilter} puts the request id in
 * the request's Reactor context; Reactor's automatic context propagation, with Baton's accessor
 * from {@code baton-micrometer}, makes it the current store wherever the request's operators run
 * (Netty's event loops, Reactor's schedulers), and a {@code WebClient} call to another endpoint
 * carries it on.
 */
@SpringBootApplication(
    excludeName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
      "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
      "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
    })
public class QuotesApplication {

  /** The id of the request being served; every log line prints it ({@code %baton{requestId}}). */
  public static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  public static void main(String[] args) {
    // Reactor restores the stores of the request's context around each operator
    Hooks.enableAutomaticContextPropagation();
    SpringApplication application = new SpringApplication(QuotesApplication.class);
    application.setWebApplicationType(WebApplicationType.REACTIVE);
    application.setDefaultProperties(Map.of("spring.config.name", "quotes"));
    application.run(args);
  }
}

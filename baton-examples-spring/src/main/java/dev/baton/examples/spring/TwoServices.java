package dev.baton.examples.spring;

import dev.baton.AsyncLocalStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.builder.SpringApplicationBuilder;
import dev.baton.examples.spring.shop.Shop;
import dev.baton.examples.spring.stock.Stock;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Spring Boot services in one JVM, sharing nothing but the wire: the {@link Shop} gives each
 * request an id and asks the {@link Stock} service to reserve the item over HTTP, with Spring's
 * {@code RestClient}; both log, the shop also from an {@code @Async} method. Every line of both
 * prints the shop's id through Logback's {@code %baton{requestId}}. Neither has code of Baton's:
 * {@code baton-spring} reads {@code baton.propagation.stores}, serves each request in the context
 * its {@code baggage} header carries, and has the {@code RestClient} send it; {@code @Async}
 * methods run in their caller's context.
 */
public final class TwoServices {

  /** The request id, carried by both services under the name {@code requestId}. */
  public static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  private static final String CARRIED = "baton.propagation.stores=" + TwoServices.class.getName() + ".REQUEST_ID";

  private TwoServices() {}

  /**
   * Starts both services, sends the shop {@code args[0]} orders (3 by default), one after the
   * other, and stops.
   *
   * @param args the number of orders
   * @throws Exception if a service fails to start or answers with an error
   */
  public static void main(String[] args) throws Exception {
    int orders = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    String[] items = {"apples", "pears", "plums", "figs", "dates"};
    try (ConfigurableApplicationContext stock = start(Stock.class, "stock.url=unused");
        ConfigurableApplicationContext shop = start(Shop.class, "stock.url=http://127.0.0.1:" + port(stock))) {
      HttpClient client = HttpClient.newHttpClient();
      for (int i = 0; i < orders; i++) {
        URI uri = URI.create("http://127.0.0.1:" + port(shop) + "/buy?item=" + items[i % items.length]);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("the shop answered " + response.statusCode() + ": " + response.body());
        }
      }
    }
  }

  private static ConfigurableApplicationContext start(Class<?> service, String property) {
    return new SpringApplicationBuilder(service)
        .properties("spring.main.banner-mode=off", "server.port=0", "server.address=127.0.0.1", CARRIED, property)
        .run();
  }

  private static int port(ConfigurableApplicationContext service) {
    return service.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }
}

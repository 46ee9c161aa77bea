package dev.baton.smoke.orders;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/** Places an order: a price from another endpoint, a row, an audit, a shipment record. */
@RestController
class OrderController {

  private static final Logger log = LoggerFactory.getLogger(OrderController.class);

  private final OrderRepository orders;
  private final AuditService audit;
  private final KafkaTemplate<String, String> kafka;
  private final RestClient.Builder restClients;
  private final Environment environment;
  private volatile RestClient prices;

  OrderController(
      OrderRepository orders,
      AuditService audit,
      KafkaTemplate<String, String> kafka,
      RestClient.Builder restClients,
      Environment environment) {
    this.orders = orders;
    this.audit = audit;
    this.kafka = kafka;
    this.restClients = restClients;
    this.environment = environment;
  }

  @PostMapping("/orders/{number}")
  String place(@PathVariable int number) throws Exception {
    log.info("order={} received", number);
    String price = prices().get().uri("/prices/{number}", number).retrieve().body(String.class);
    Order saved = orders.save(new Order(number, price));
    log.info("order={} saved as #{} at {}", number, saved.getId(), price);
    audit.record(number).get(30, TimeUnit.SECONDS);
    kafka.send(OrdersApplication.SHIPMENTS, String.valueOf(number), String.valueOf(number)).get(30, TimeUnit.SECONDS);
    log.info("order={} published", number);
    return "order " + number + " placed";
  }

  @GetMapping("/prices/{number}")
  String price(@PathVariable int number) {
    log.info("order={} priced", number);
    return (number % 90 + 10) + ".00";
  }

  @GetMapping("/orders/count")
  long count() {
    return orders.count();
  }

  /**
   * Made on the first request, as clients often are: the JDK {@code HttpClient} under it starts its
   * selector thread inside that request.
   */
  private RestClient prices() {
    RestClient client = prices;
    if (client == null) {
      synchronized (this) {
        if (prices == null) {
          prices =
              restClients
                  .baseUrl("http://127.0.0.1:" + environment.getProperty("local.server.port"))
                  .requestInterceptor(
                      (request, body, execution) -> {
                        // The HTTP hop: the callee's filter serves the call in the same request id
                        String id = OrdersApplication.REQUEST_ID.getStore();
                        if (id != null) {
                          request.getHeaders().set(RequestIdFilter.HEADER, id);
                        }
                        return execution.execute(request, body);
                      })
                  .build();
        }
        client = prices;
      }
    }
    return client;
  }
}

package dev.baton.smoke.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Ships what was published, on the listener container's thread. */
@Component
class ShipmentListener {

  private static final Logger log = LoggerFactory.getLogger(ShipmentListener.class);

  @KafkaListener(topics = OrdersApplication.SHIPMENTS, groupId = "shipping")
  void ship(String number) {
    log.info("order={} shipped", number);
  }
}

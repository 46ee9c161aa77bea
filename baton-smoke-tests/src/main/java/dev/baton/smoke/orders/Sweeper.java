package dev.baton.smoke.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Counts the orders now and then, on Spring's scheduler thread: in no request. */
@Component
class Sweeper {

  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

  private final OrderRepository orders;

  Sweeper(OrderRepository orders) {
    this.orders = orders;
  }

  @Scheduled(fixedDelayString = "${orders.sweep-every:200ms}")
  void sweep() {
    log.info("sweep counted {} orders", orders.count());
  }
}

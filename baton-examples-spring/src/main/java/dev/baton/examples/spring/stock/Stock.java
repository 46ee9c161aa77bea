package dev.baton.examples.spring.stock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The stock service: reserves an item. */
@SpringBootApplication
public class Stock {

  static final Logger LOG = LoggerFactory.getLogger("stock");

  @RestController
  static class Reservations {
    @GetMapping("/reserve")
    String reserve(@RequestParam String item) {
      LOG.info("reserving {}", item);
      return item + " reserved";
    }
  }
}

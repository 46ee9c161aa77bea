package dev.baton.examples.spring.shop;

import dev.baton.examples.spring.TwoServices;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.filter.OncePerRequestFilter;

/** The shop: gives each order a request id, reserves the item at the stock service, audits the order. */
@SpringBootApplication
@EnableAsync
public class Shop {

  static final Logger LOG = LoggerFactory.getLogger("shop");

  /** Gives a request that arrived without one an id, after Baton's filter has read the headers. */
  @Bean
  FilterRegistrationBean<RequestIds> requestIds() {
    FilterRegistrationBean<RequestIds> registration = new FilterRegistrationBean<>(new RequestIds());
    registration.setOrder(dev.baton.spring.BatonWebAutoConfiguration.SERVLET_FILTER_ORDER + 1);
    return registration;
  }

  static final class RequestIds extends OncePerRequestFilter {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    @SuppressWarnings("try") // the scope is opened to be closed around the chain
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (TwoServices.REQUEST_ID.getStore() != null) {
        chain.doFilter(request, response);
        return;
      }
      try (dev.baton.Scope ignored = TwoServices.REQUEST_ID.enter("req-" + next.getAndIncrement())) {
        chain.doFilter(request, response);
      }
    }
  }

  @RestController
  static class Orders {
    private final RestClient stock;
    private final Audit audit;

    Orders(RestClient.Builder clients, @Value("${stock.url}") String stockUrl, Audit audit) {
      this.stock = clients.baseUrl(stockUrl).build();
      this.audit = audit;
    }

    @GetMapping("/buy")
    String buy(@RequestParam String item) {
      LOG.info("received an order for {}", item);
      String reserved = stock.get().uri("/reserve?item={item}", item).retrieve().body(String.class);
      audit.record(item).join();
      LOG.info("answering: {}", reserved);
      return reserved;
    }
  }

  @Service
  static class Audit {
    @Async
    public CompletableFuture<Void> record(String item) {
      LOG.info("audited the order for {} on another thread", item);
      return CompletableFuture.completedFuture(null);
    }
  }
}

package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.baton.AsyncLocalStorage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Runs under baton-agent.jar, taken by its coordinates: a plain executor carries the context. */
class OrdersTest {

  private static final AsyncLocalStorage<String> ORDER = new AsyncLocalStorage<>("order");

  @Test
  void theAgentRunsAndCarriesStoresAndTheMdcToAPlainPool() throws Exception {
    // Under the agent, Baton's classes are the bootstrap class loader's: one copy for the JDK's and the application's
    assertNull(AsyncLocalStorage.class.getClassLoader(), "baton-core loaded by the agent");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      String seen =
          ORDER.run(
              "order-7",
              () -> {
                MDC.put("customer", "c-42");
                return await(pool.submit(() -> ORDER.getStore() + "/" + MDC.get("customer")));
              });
      assertEquals("order-7/c-42", seen);
      assertEquals("null/null", await(pool.submit(() -> ORDER.getStore() + "/" + MDC.get("customer"))));
      System.out.println("consumer: " + seen);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String await(Future<String> result) {
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

package dev.baton.spring;

import dev.baton.AsyncLocalStorage;
import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Async;

/** A bean with {@code @Async} methods that report what context they run in. */
public class Requests {

  public static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  /** Marks the thread while the application's own decorator runs a task. */
  public static final ThreadLocal<String> APP_DECORATOR = new ThreadLocal<>();

  @Async
  public CompletableFuture<String> onDefaultExecutor() {
    return CompletableFuture.completedFuture(seen());
  }

  @Async("customExecutor")
  public CompletableFuture<String> onCustomExecutor() {
    return CompletableFuture.completedFuture(seen() + " app=" + APP_DECORATOR.get());
  }

  /** The request id and MDC user the calling thread sees now. */
  public static String seen() {
    return "id=" + REQUEST_ID.getStore() + " user=" + MDC.get("user");
  }
}

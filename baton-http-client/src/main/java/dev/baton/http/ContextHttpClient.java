package dev.baton.http;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.Snapshot;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK's {@link HttpClient}, sending the caller's carried stores with every request, as {@link
 * ContextPropagation#inject} writes them, and completing {@link #sendAsync}'s futures in the
 * caller's context: a stage the caller chains on the future before the response arrives runs in
 * the caller's context, whichever of the client's threads receives the response. Every other
 * method is the wrapped client's.
 *
 * <pre>{@code
 * HttpClient client = ContextHttpClient.wrap(HttpClient.newHttpClient(), PROPAGATION);
 * client.sendAsync(request, BodyHandlers.ofString())
 *     .thenAccept(response -> log.info("answered"));   // logs with the caller's request id
 * }</pre>
 *
 * <p>Closing this client closes the wrapped one (on JDK 21 and later, where clients close).
 */
public final class ContextHttpClient extends HttpClient implements AutoCloseable {

  private final HttpClient client;
  private final ContextPropagation propagation;

  private ContextHttpClient(HttpClient client, ContextPropagation propagation) {
    this.client = client;
    this.propagation = propagation;
  }

  /**
   * {@code client}, sending the stores {@code propagation} carries.
   *
   * @param client the client to send with
   * @param propagation which stores requests carry, and how
   * @return the client
   * @throws NullPointerException if an argument is null
   */
  public static HttpClient wrap(HttpClient client, ContextPropagation propagation) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(propagation, "propagation");
    return new ContextHttpClient(client, propagation);
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> responseBodyHandler)
      throws IOException, InterruptedException {
    return client.send(inContext(request, AsyncLocalStorage.snapshot()), responseBodyHandler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> responseBodyHandler) {
    Snapshot caller = AsyncLocalStorage.snapshot();
    return inCallerContext(client.sendAsync(inContext(request, caller), responseBodyHandler), caller);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> responseBodyHandler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    Snapshot caller = AsyncLocalStorage.snapshot();
    return inCallerContext(
        client.sendAsync(inContext(request, caller), responseBodyHandler, pushPromiseHandler), caller);
  }

  /** {@code request} with the caller's headers set, replacing any it had of the same name. */
  private HttpRequest inContext(HttpRequest request, Snapshot caller) {
    Objects.requireNonNull(request, "request");
    HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
    propagation.inject(caller, builder, HttpRequest.Builder::setHeader);
    return builder.build();
  }

  /**
   * A future completed in {@code caller} when {@code sent} completes, so that what the caller
   * chained on it runs there; cancelling it cancels the exchange.
   */
  private static <R> CompletableFuture<R> inCallerContext(CompletableFuture<R> sent, Snapshot caller) {
    CompletableFuture<R> result = new CompletableFuture<>();
    sent.whenComplete(
        (response, failure) ->
            caller.run(
                () -> {
                  if (failure != null) {
                    result.completeExceptionally(failure);
                  } else {
                    result.complete(response);
                  }
                }));
    result.whenComplete(
        (response, failure) -> {
          if (result.isCancelled()) {
            sent.cancel(true);
          }
        });
    return result;
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return client.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return client.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return client.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return client.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return client.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return client.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return client.authenticator();
  }

  @Override
  public Version version() {
    return client.version();
  }

  @Override
  public Optional<Executor> executor() {
    return client.executor();
  }

  /** Closes the wrapped client, on JDKs whose clients close (21 and later). */
  @Override
  public void close() {
    if (client instanceof AutoCloseable) {
      callUninterruptibly("close", MethodType.methodType(void.class));
    }
  }

  /**
   * Shuts the wrapped client down, on JDKs whose clients shut down (21 and later): the method
   * {@code HttpClient} has there.
   */
  public void shutdown() {
    callUninterruptibly("shutdown", MethodType.methodType(void.class));
  }

  /** As {@link #shutdown()}, for {@code HttpClient.shutdownNow()} of JDK 21 and later. */
  public void shutdownNow() {
    callUninterruptibly("shutdownNow", MethodType.methodType(void.class));
  }

  /**
   * As {@link #shutdown()}, for {@code HttpClient.isTerminated()} of JDK 21 and later.
   *
   * @return whether the wrapped client terminated; false where clients do not
   */
  public boolean isTerminated() {
    return Boolean.TRUE.equals(callUninterruptibly("isTerminated", MethodType.methodType(boolean.class)));
  }

  /**
   * As {@link #shutdown()}, for {@code HttpClient.awaitTermination(Duration)} of JDK 21 and later.
   *
   * @param duration how long to wait
   * @return whether the wrapped client terminated in time; false where clients do not
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitTermination(Duration duration) throws InterruptedException {
    Objects.requireNonNull(duration, "duration");
    return Boolean.TRUE.equals(
        call("awaitTermination", MethodType.methodType(boolean.class, Duration.class), duration));
  }

  /** For the methods that cannot be interrupted. */
  private Object callUninterruptibly(String name, MethodType type) {
    try {
      return call(name, type);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Calls the wrapped client's method {@code name} of JDK 21 and later, which this class cannot
   * name as it is built for 17: null on a JDK without it, where there is nothing to shut down.
   */
  private Object call(String name, MethodType type, Object... arguments) throws InterruptedException {
    MethodHandle method;
    try {
      method = MethodHandles.publicLookup().findVirtual(HttpClient.class, name, type);
    } catch (NoSuchMethodException | IllegalAccessException absent) {
      return null;
    }
    Object[] receiverAndArguments = new Object[arguments.length + 1];
    receiverAndArguments[0] = client;
    System.arraycopy(arguments, 0, receiverAndArguments, 1, arguments.length);
    try {
      return method.invokeWithArguments(receiverAndArguments);
    } catch (InterruptedException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "ContextHttpClient(" + client + ", " + propagation + ")";
  }
}

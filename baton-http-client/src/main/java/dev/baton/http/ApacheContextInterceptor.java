package dev.baton.http;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Apache HttpClient 5, sending the caller's carried stores with every request, as {@link
 * ContextPropagation#inject} writes them (replacing headers of the same names).
 *
 * <p>The classic client runs its request interceptors on the calling thread:
 *
 * <pre>{@code
 * CloseableHttpClient client = HttpClients.custom()
 *     .addRequestInterceptorLast(new ApacheContextInterceptor(PROPAGATION))
 *     .build();
 * }</pre>
 *
 * <p>The async client runs its request interceptors on its I/O threads, in no request's context;
 * it runs the first handler of its execution chain on the calling thread, where this one writes the
 * headers, and it has the rest of the exchange (the response's handling, the request's {@code
 * FutureCallback}) run in the caller's context:
 *
 * <pre>{@code
 * CloseableHttpAsyncClient client = HttpAsyncClients.custom()
 *     .addExecInterceptorFirst("baton", new ApacheContextInterceptor(PROPAGATION))
 *     .build();
 * }</pre>
 */
public final class ApacheContextInterceptor implements HttpRequestInterceptor, AsyncExecChainHandler {

  private final ContextPropagation propagation;

  /**
   * An interceptor sending the stores {@code propagation} carries.
   *
   * @param propagation which stores requests carry, and how
   * @throws NullPointerException if {@code propagation} is null
   */
  public ApacheContextInterceptor(ContextPropagation propagation) {
    this.propagation = Objects.requireNonNull(propagation, "propagation");
  }

  @Override
  public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
    propagation.inject(request, HttpRequest::setHeader);
  }

  @Override
  public void execute(
      HttpRequest request,
      AsyncEntityProducer entityProducer,
      AsyncExecChain.Scope scope,
      AsyncExecChain chain,
      AsyncExecCallback callback)
      throws HttpException, IOException {
    Snapshot caller = AsyncLocalStorage.snapshot();
    propagation.inject(caller, request, HttpRequest::setHeader);
    chain.proceed(request, entityProducer, scope, new InCaller(callback, caller));
  }

  @Override
  public String toString() {
    return "ApacheContextInterceptor(" + propagation + ")";
  }

  /** The chain's callback, each of its events in the caller's context. */
  private static final class InCaller implements AsyncExecCallback {
    private final AsyncExecCallback callback;
    private final Snapshot caller;

    InCaller(AsyncExecCallback callback, Snapshot caller) {
      this.callback = callback;
      this.caller = caller;
    }

    @Override
    @SuppressWarnings("try") // the scope is opened to be closed around the callback
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
        throws HttpException, IOException {
      AsyncDataConsumer body;
      try (dev.baton.Scope ignored = caller.enter()) {
        body = callback.handleResponse(response, entityDetails);
      }
      // The response's body ends the exchange, and completes the request's future, from there
      return body == null ? null : new BodyInCaller(body, caller);
    }

    @Override
    @SuppressWarnings("try") // the scope is opened to be closed around the callback
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
      try (dev.baton.Scope ignored = caller.enter()) {
        callback.handleInformationResponse(response);
      }
    }

    @Override
    public void completed() {
      caller.run(callback::completed);
    }

    @Override
    public void failed(Exception cause) {
      caller.run(() -> callback.failed(cause));
    }
  }

  /** The response body's consumer, each of its events in the caller's context. */
  @SuppressWarnings("try") // each scope is opened to be closed around an event
  private static final class BodyInCaller implements AsyncDataConsumer {
    private final AsyncDataConsumer body;
    private final Snapshot caller;

    BodyInCaller(AsyncDataConsumer body, Snapshot caller) {
      this.body = body;
      this.caller = caller;
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
      try (dev.baton.Scope ignored = caller.enter()) {
        body.updateCapacity(capacityChannel);
      }
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      try (dev.baton.Scope ignored = caller.enter()) {
        body.consume(src);
      }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
      try (dev.baton.Scope ignored = caller.enter()) {
        body.streamEnd(trailers);
      }
    }

    @Override
    public void releaseResources() {
      caller.run(body::releaseResources);
    }
  }
}

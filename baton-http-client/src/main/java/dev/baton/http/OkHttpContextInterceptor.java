package dev.baton.http;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.Snapshot;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends the caller's stores with each request of an OkHttp client, as {@link
 * ContextPropagation#inject} writes them (replacing a {@code baggage} header the request had).
 *
 * <p>The caller's context is the one its request is tagged with ({@link ContextOkHttpClient} tags
 * each request it makes), or else the current one. A synchronous {@code execute()} runs the
 * interceptors on the caller's thread, so the current context is the caller's; {@code enqueue}
 * runs them on OkHttp's dispatcher threads, where only the tag says whose request it is: make
 * calls that are enqueued through {@link ContextOkHttpClient}.
 *
 * <pre>{@code
 * OkHttpClient client = new OkHttpClient.Builder()
 *     .addInterceptor(new OkHttpContextInterceptor(PROPAGATION))
 *     .build();
 * }</pre>
 */
public final class OkHttpContextInterceptor implements Interceptor {

  private final ContextPropagation propagation;

  /**
   * An interceptor sending the stores {@code propagation} carries.
   *
   * @param propagation which stores requests carry, and how
   * @throws NullPointerException if {@code propagation} is null
   */
  public OkHttpContextInterceptor(ContextPropagation propagation) {
    this.propagation = Objects.requireNonNull(propagation, "propagation");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Snapshot tagged = request.tag(Snapshot.class);
    Snapshot caller = tagged != null ? tagged : AsyncLocalStorage.snapshot();
    Request.Builder carrying = request.newBuilder();
    propagation.inject(caller, carrying, Request.Builder::header);
    return chain.proceed(carrying.build());
  }

  @Override
  public String toString() {
    return "OkHttpContextInterceptor(" + propagation + ")";
  }
}

package dev.baton.http;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.Snapshot;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * An OkHttp client as a {@link Call.Factory} that sends the caller's stores with every request
 * and calls each {@code enqueue} callback in the caller's context, whichever of OkHttp's threads
 * runs it. The caller's context is the current one when the call is made ({@code newCall}).
 *
 * <pre>{@code
 * Call.Factory calls = ContextOkHttpClient.wrap(client, PROPAGATION);
 *
 * REQUEST_ID.run("r-1", () -> calls.newCall(request).enqueue(new Callback() {
 *   public void onResponse(Call call, Response response) { log(REQUEST_ID.getStore()); } // "r-1"
 *   public void onFailure(Call call, IOException e) { log(REQUEST_ID.getStore()); }      // "r-1"
 * }));
 * }</pre>
 *
 * <p>Retrofit takes it as its {@code callFactory}. The wrapped client keeps its connection pool,
 * dispatcher and interceptors; {@link OkHttpContextInterceptor} is added after its own
 * interceptors, and reads the caller's context from the {@link Snapshot} each request is tagged
 * with, since {@code enqueue} runs the interceptors on the dispatcher's threads.
 */
public final class ContextOkHttpClient implements Call.Factory {

  private final OkHttpClient client;
  private final ContextPropagation propagation;

  private ContextOkHttpClient(OkHttpClient client, ContextPropagation propagation) {
    this.client = client.newBuilder().addInterceptor(new OkHttpContextInterceptor(propagation)).build();
    this.propagation = propagation;
  }

  /**
   * {@code client}, sending the stores {@code propagation} carries and calling back in the
   * caller's context.
   *
   * @param client the client to send with; it is not changed
   * @param propagation which stores requests carry, and how
   * @return the calls' factory
   * @throws NullPointerException if an argument is null
   */
  public static Call.Factory wrap(OkHttpClient client, ContextPropagation propagation) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(propagation, "propagation");
    return new ContextOkHttpClient(client, propagation);
  }

  @Override
  public Call newCall(Request request) {
    Objects.requireNonNull(request, "request");
    Snapshot caller = AsyncLocalStorage.snapshot();
    Request tagged = request.newBuilder().tag(Snapshot.class, caller).build();
    return new InCallerCall(client.newCall(tagged), caller);
  }

  @Override
  public String toString() {
    return "ContextOkHttpClient(" + propagation + ")";
  }
}

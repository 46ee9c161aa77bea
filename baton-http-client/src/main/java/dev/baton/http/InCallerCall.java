package dev.baton.http;

import dev.baton.Scope;
import dev.baton.Snapshot;
import java.io.IOException;
import kotlin.jvm.functions.Function0;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.EventListener;
import okhttp3.Request;
import okhttp3.Response;
import okio.Timeout;

/** An OkHttp call whose {@code enqueue} callbacks run in the context it was made in. */
@SuppressWarnings("try") // each scope is opened to be closed around one callback
final class InCallerCall implements Call {

  private final Call call;
  private final Snapshot caller;

  InCallerCall(Call call, Snapshot caller) {
    this.call = call;
    this.caller = caller;
  }

  @Override
  public void enqueue(Callback callback) {
    call.enqueue(new InCaller(callback, caller));
  }

  @Override
  public Response execute() throws IOException {
    return call.execute();
  }

  @Override
  public Request request() {
    return call.request();
  }

  @Override
  public void cancel() {
    call.cancel();
  }

  @Override
  public boolean isExecuted() {
    return call.isExecuted();
  }

  @Override
  public boolean isCanceled() {
    return call.isCanceled();
  }

  @Override
  public Timeout timeout() {
    return call.timeout();
  }

  @Override
  public void addEventListener(EventListener eventListener) {
    call.addEventListener(eventListener);
  }

  @Override
  public <T> T tag(KClass<T> type) {
    return call.tag(type);
  }

  @Override
  public <T> T tag(Class<? extends T> type) {
    return call.tag(type);
  }

  @Override
  public <T> T tag(KClass<T> type, Function0<? extends T> computeIfAbsent) {
    return call.tag(type, computeIfAbsent);
  }

  @Override
  public <T> T tag(Class<T> type, Function0<? extends T> computeIfAbsent) {
    return call.tag(type, computeIfAbsent);
  }

  @Override
  public Call clone() {
    return new InCallerCall(call.clone(), caller);
  }

  /** The callback, called in the caller's context; the thread's own is back afterwards. */
  private static final class InCaller implements Callback {
    private final Callback callback;
    private final Snapshot caller;

    InCaller(Callback callback, Snapshot caller) {
      this.callback = callback;
      this.caller = caller;
    }

    @Override
    public void onResponse(Call call, Response response) throws IOException {
      try (Scope ignored = caller.enter()) {
        callback.onResponse(call, response);
      }
    }

    @Override
    public void onFailure(Call call, IOException failure) {
      try (Scope ignored = caller.enter()) {
        callback.onFailure(call, failure);
      }
    }
  }
}

package dev.baton.grpc;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.Scope;
import dev.baton.Snapshot;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.Objects;

/**
 * Sends the caller's carried stores (and the propagation's other fields) with each call, and runs
 * the call's callbacks ({@code onHeaders}, {@code onMessage}, {@code onClose}, {@code onReady}, and
 * so a stub's {@code StreamObserver}) in the context of the code that started the call, whichever
 * of gRPC's threads delivers them.
 *
 * <pre>{@code
 * Channel channel = ClientInterceptors.intercept(managedChannel, ContextClientInterceptor.of(PROPAGATION));
 * GreeterGrpc.GreeterStub stub = GreeterGrpc.newStub(channel);
 * }</pre>
 */
@SuppressWarnings("try") // each scope is opened to be closed around a callback
public final class ContextClientInterceptor implements ClientInterceptor {

  private final ContextPropagation propagation;

  private ContextClientInterceptor(ContextPropagation propagation) {
    this.propagation = propagation;
  }

  /**
   * An interceptor writing the headers of {@code propagation}.
   *
   * @param propagation the stores and fields calls carry
   * @return the interceptor
   * @throws NullPointerException if {@code propagation} is null
   */
  public static ContextClientInterceptor of(ContextPropagation propagation) {
    return new ContextClientInterceptor(Objects.requireNonNull(propagation, "propagation"));
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    return new CallerCall<>(next.newCall(method, options), AsyncLocalStorage.snapshot(), propagation);
  }

  @Override
  public String toString() {
    return "ContextClientInterceptor(" + propagation + ")";
  }

  /** A call that sends, and calls back in, the context of the code that made it. */
  private static final class CallerCall<ReqT, RespT>
      extends ForwardingClientCall.SimpleForwardingClientCall<ReqT, RespT> {
    private final Snapshot caller;
    private final ContextPropagation propagation;

    CallerCall(ClientCall<ReqT, RespT> call, Snapshot caller, ContextPropagation propagation) {
      super(call);
      this.caller = caller;
      this.propagation = propagation;
    }

    @Override
    public void start(Listener<RespT> listener, Metadata headers) {
      propagation.inject(caller, headers, MetadataHeaders::set);
      super.start(new CallerListener<>(listener, caller), headers);
    }
  }

  private static final class CallerListener<RespT>
      extends ForwardingClientCallListener.SimpleForwardingClientCallListener<RespT> {
    private final Snapshot caller;

    CallerListener(ClientCall.Listener<RespT> listener, Snapshot caller) {
      super(listener);
      this.caller = caller;
    }

    @Override
    public void onHeaders(Metadata headers) {
      try (Scope ignored = caller.enter()) {
        super.onHeaders(headers);
      }
    }

    @Override
    public void onMessage(RespT message) {
      try (Scope ignored = caller.enter()) {
        super.onMessage(message);
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      try (Scope ignored = caller.enter()) {
        super.onClose(status, trailers);
      }
    }

    @Override
    public void onReady() {
      try (Scope ignored = caller.enter()) {
        super.onReady();
      }
    }
  }
}

package dev.baton.grpc;

import dev.baton.ContextPropagation;
import dev.baton.Scope;
import dev.baton.Snapshot;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Objects;

/**
 * Runs each incoming call in the context its headers carry: the handler, and every later callback
 * of the call ({@code onMessage}, {@code onHalfClose}, {@code onCancel}, {@code onComplete}, {@code
 * onReady}), whichever of gRPC's threads runs it. Responses, headers and the close the handler
 * sends, from any thread and at any time, go out in that context too: interceptors that intercept
 * the call before this one (an access log, metrics) see the call's stores on them.
 *
 * <pre>{@code
 * Server server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
 *     .addService(ServerInterceptors.intercept(service, ContextServerInterceptor.of(PROPAGATION)))
 *     .build();
 * }</pre>
 *
 * <p>A call whose headers carry no stores runs in the context of the thread that accepted it,
 * usually none; malformed headers are reported by the propagation and never fail the call.
 */
@SuppressWarnings("try") // each scope is opened to be closed around a callback
public final class ContextServerInterceptor implements ServerInterceptor {

  private final ContextPropagation propagation;

  private ContextServerInterceptor(ContextPropagation propagation) {
    this.propagation = propagation;
  }

  /**
   * An interceptor reading the headers of {@code propagation}.
   *
   * @param propagation the stores and fields calls carry
   * @return the interceptor
   * @throws NullPointerException if {@code propagation} is null
   */
  public static ContextServerInterceptor of(ContextPropagation propagation) {
    return new ContextServerInterceptor(Objects.requireNonNull(propagation, "propagation"));
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Snapshot incoming = propagation.extract(headers, MetadataHeaders::get);
    ServerCall<ReqT, RespT> inContext = new IncomingCall<>(call, incoming);
    try (Scope ignored = incoming.enter()) {
      return new IncomingListener<>(next.startCall(inContext, headers), incoming);
    }
  }

  @Override
  public String toString() {
    return "ContextServerInterceptor(" + propagation + ")";
  }

  private static final class IncomingCall<ReqT, RespT>
      extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
    private final Snapshot incoming;

    IncomingCall(ServerCall<ReqT, RespT> call, Snapshot incoming) {
      super(call);
      this.incoming = incoming;
    }

    @Override
    public void sendHeaders(Metadata headers) {
      try (Scope ignored = incoming.enter()) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public void sendMessage(RespT message) {
      try (Scope ignored = incoming.enter()) {
        super.sendMessage(message);
      }
    }

    @Override
    public void close(Status status, Metadata trailers) {
      try (Scope ignored = incoming.enter()) {
        super.close(status, trailers);
      }
    }
  }

  private static final class IncomingListener<ReqT>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {
    private final Snapshot incoming;

    IncomingListener(ServerCall.Listener<ReqT> listener, Snapshot incoming) {
      super(listener);
      this.incoming = incoming;
    }

    @Override
    public void onMessage(ReqT message) {
      try (Scope ignored = incoming.enter()) {
        super.onMessage(message);
      }
    }

    @Override
    public void onHalfClose() {
      try (Scope ignored = incoming.enter()) {
        super.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      try (Scope ignored = incoming.enter()) {
        super.onCancel();
      }
    }

    @Override
    public void onComplete() {
      try (Scope ignored = incoming.enter()) {
        super.onComplete();
      }
    }

    @Override
    public void onReady() {
      try (Scope ignored = incoming.enter()) {
        super.onReady();
      }
    }
  }
}

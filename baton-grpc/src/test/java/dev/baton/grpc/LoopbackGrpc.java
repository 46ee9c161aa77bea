package dev.baton.grpc;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import java.io.IOException;

import java.net.InetSocketAddress;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server and channel on loopback, over grpc-java's Netty transport, with Baton's
 * interceptors on both sides. Its service has four methods, on strings: unary {@code Echo},
 * server-streaming {@code Count} (its responses written later by a thread of the service's own),
 * bidi {@code Chat}, and {@code Hang}, which never answers. Every handler and callback records the
 * request id it sees in {@link #serverSaw}; what the responses look like to an interceptor around
 * Baton's is recorded in {@link #aroundSaw}.
 */
final class LoopbackGrpc implements AutoCloseable {

  static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  static final MethodDescriptor<String, String> ECHO = method("Echo", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<String, String> COUNT =
      method("Count", MethodDescriptor.MethodType.SERVER_STREAMING);
  static final MethodDescriptor<String, String> CHAT = method("Chat", MethodDescriptor.MethodType.BIDI_STREAMING);
  static final MethodDescriptor<String, String> HANG = method("Hang", MethodDescriptor.MethodType.UNARY);

  final List<String> serverSaw = new CopyOnWriteArrayList<>();
  /** What the server's propagation reported. */
  final List<String> reports = new CopyOnWriteArrayList<>();
  private final ContextPropagation propagation =
      ContextPropagation.builder().carry(REQUEST_ID).onMalformed(reports::add).withoutDiscoveredExtensions().build();
  final List<String> aroundSaw = new CopyOnWriteArrayList<>();
  private final ExecutorService writers = Executors.newCachedThreadPool();
  private final Server server;
  private final ManagedChannel managed;
  /** The channel with Baton's client interceptor. */
  final Channel channel;
  /** The same channel without it. */
  final Channel plainChannel;

  LoopbackGrpc() throws IOException {
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("test.Loopback")
            .addMethod(ECHO, ServerCalls.asyncUnaryCall(this::echo))
            .addMethod(COUNT, ServerCalls.asyncServerStreamingCall(this::count))
            .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(this::chat))
            .addMethod(HANG, ServerCalls.asyncUnaryCall(this::hang))
            .build();
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(ServerInterceptors.intercept(service, ContextServerInterceptor.of(propagation), new Recording()))
            .build()
            .start();
    managed =
        Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create()).build();
    plainChannel = managed;
    channel = ClientInterceptors.intercept(managed, ContextClientInterceptor.of(propagation));
  }

  private static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<String, String>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Loopback", name))
        .setRequestMarshaller(Utf8Marshaller.INSTANCE)
        .setResponseMarshaller(Utf8Marshaller.INSTANCE)
        .build();
  }

  private void saw(String where) {
    serverSaw.add(where + ":" + REQUEST_ID.getStore());
  }

  private void echo(String request, StreamObserver<String> responses) {
    responses.onNext(request + " seen in " + REQUEST_ID.getStore());
    responses.onCompleted();
  }

  private void count(String request, StreamObserver<String> responses) {
    saw("count");
    int to = Integer.parseInt(request);
    // A thread of the service's own, started with no context: it writes the responses later
    writers.execute(
        () -> {
          for (int i = 1; i <= to; i++) {
            responses.onNext(String.valueOf(i));
          }
          responses.onCompleted();
        });
  }

  private StreamObserver<String> chat(StreamObserver<String> responses) {
    saw("chat");
    return new StreamObserver<>() {
      @Override
      public void onNext(String message) {
        saw("onMessage " + message);
        responses.onNext(message + " from " + REQUEST_ID.getStore());
      }

      @Override
      public void onError(Throwable failure) {
        saw("onCancel");
      }

      @Override
      public void onCompleted() {
        saw("onHalfClose");
        responses.onCompleted();
      }
    };
  }

  private void hang(String request, StreamObserver<String> responses) {
    saw("hang");
    ((ServerCallStreamObserver<String>) responses).setOnCancelHandler(() -> saw("cancelled"));
  }

  /** Calls {@code Echo} once, as a blocking unary call. */
  String echo(String request) {
    return ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
  }

  @Override
  public void close() throws InterruptedException {
    managed.shutdownNow();
    server.shutdownNow();
    writers.shutdownNow();
    if (!managed.awaitTermination(10, TimeUnit.SECONDS)
        || !server.awaitTermination(10, TimeUnit.SECONDS)
        || !writers.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the loopback server did not stop");
    }
  }

  /**
   * An interceptor around Baton's (it intercepts the call first): what an access log or metrics
   * interceptor there sees of the responses.
   */
  private final class Recording implements ServerInterceptor {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      return next.startCall(
          new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(RespT message) {
              aroundSaw.add("sendMessage " + message + ":" + REQUEST_ID.getStore());
              super.sendMessage(message);
            }

            @Override
            public void close(Status status, Metadata trailers) {
              aroundSaw.add("close " + status.getCode() + ":" + REQUEST_ID.getStore());
              super.close(status, trailers);
            }
          },
          headers);
    }
  }
}

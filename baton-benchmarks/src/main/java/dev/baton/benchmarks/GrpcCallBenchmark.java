package dev.baton.benchmarks;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.grpc.ContextClientInterceptor;
import dev.baton.grpc.ContextServerInterceptor;
import dev.baton.grpc.Utf8Marshaller;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

import java.io.IOException;

import java.net.InetSocketAddress;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What propagation adds per gRPC call: a blocking unary call over loopback (grpc-java's Netty
 * transport) and in process (no network, no thread hand-off: the interceptors' own work stands
 * out), the caller inside a request id, with no interceptor ({@code none}) and with Baton's
 * on both sides ({@code baton}: the id goes out in the baggage header, the handler runs in it, the
 * response comes back in the caller's context). The handler returns the id it sees.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class GrpcCallBenchmark {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final MethodDescriptor<String, String> ECHO =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Echo", "Echo"))
          .setRequestMarshaller(Utf8Marshaller.INSTANCE)
          .setResponseMarshaller(Utf8Marshaller.INSTANCE)
          .build();

  @Param({"none", "baton"})
  public String propagation;

  /** {@code netty}: loopback TCP, as deployed; {@code in-process}: the same call without the network's noise. */
  @Param({"netty", "in-process"})
  public String transport;

  private Server server;
  private ManagedChannel managed;
  private Channel channel;

  @Setup(Level.Trial)
  public void start() throws IOException {
    ContextPropagation carried = ContextPropagation.builder().carry(REQUEST_ID).withoutDiscoveredExtensions().build();
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("bench.Echo")
            .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
              response.onNext(String.valueOf(REQUEST_ID.getStore()));
              response.onCompleted();
            }))
            .build();
    boolean baton = propagation.equals("baton");
    ServerServiceDefinition served = baton ? ServerInterceptors.intercept(service, ContextServerInterceptor.of(carried)) : service;
    if (transport.equals("netty")) {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
              .addService(served)
              .build()
              .start();
      managed = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create()).build();
    } else {
      String name = InProcessServerBuilder.generateName();
      server = InProcessServerBuilder.forName(name).directExecutor().addService(served).build().start();
      managed = InProcessChannelBuilder.forName(name).directExecutor().build();
    }
    channel = baton ? ClientInterceptors.intercept(managed, ContextClientInterceptor.of(carried)) : managed;
    REQUEST_ID.enterWith("request-1");
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    REQUEST_ID.disable();
    managed.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public String unaryCall() {
    return ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "hello");
  }
}

package dev.baton.grpc;

import static dev.baton.grpc.LoopbackGrpc.REQUEST_ID;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Baton's interceptors on a real gRPC server and channel on loopback, without the agent. */
class GrpcContextTest {

  private LoopbackGrpc grpc;
  private final List<String> clientSaw = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    grpc = new LoopbackGrpc();
  }

  @AfterEach
  void stop() throws InterruptedException {
    grpc.close();
  }

  /** Records each callback of a client call with the request id it sees, and waits for the end. */
  private final class Recorder implements StreamObserver<String> {
    final CountDownLatch done = new CountDownLatch(1);

    @Override
    public void onNext(String value) {
      clientSaw.add("onNext " + value + ":" + REQUEST_ID.getStore());
    }

    @Override
    public void onError(Throwable failure) {
      clientSaw.add("onError " + Status.fromThrowable(failure).getCode() + ":" + REQUEST_ID.getStore());
      done.countDown();
    }

    @Override
    public void onCompleted() {
      clientSaw.add("onCompleted:" + REQUEST_ID.getStore());
      done.countDown();
    }

    void await() throws InterruptedException {
      assertThat(done.await(10, SECONDS)).as("the call ended").isTrue();
    }
  }

  @Test
  void aUnaryCallIsHandledInTheCallersStoresAndTheCallerIsUntouched() {
    String response = REQUEST_ID.call("r-1", () -> grpc.echo("hello"));

    assertThat(response).isEqualTo("hello seen in r-1");
    assertThat(grpc.aroundSaw).containsExactly("sendMessage hello seen in r-1:r-1", "close OK:r-1");
    assertThat(REQUEST_ID.getStore()).isNull();
  }

  @Test
  void aCallWithoutStoresIsHandledInNone() {
    assertThat(grpc.echo("plain")).isEqualTo("plain seen in null");
  }

  @Test
  void responsesWrittenLaterFromAnotherThreadPassInTheIncomingContextAndReachTheCallerInItsOwn()
      throws Exception {
    Recorder recorder = new Recorder();

    REQUEST_ID.run("r-2", () -> ClientCalls.asyncServerStreamingCall(grpc.channel.newCall(LoopbackGrpc.COUNT, CallOptions.DEFAULT), "3", recorder));
    recorder.await();

    assertThat(grpc.serverSaw).containsExactly("count:r-2");
    assertThat(grpc.aroundSaw)
        .containsExactly("sendMessage 1:r-2", "sendMessage 2:r-2", "sendMessage 3:r-2", "close OK:r-2");
    assertThat(clientSaw).containsExactly("onNext 1:r-2", "onNext 2:r-2", "onNext 3:r-2", "onCompleted:r-2");
  }

  @Test
  void everyCallbackOfABidiCallRunsInItsContextOnBothSides() throws Exception {
    Recorder recorder = new Recorder();

    StreamObserver<String> requests =
        REQUEST_ID.call("r-3", () -> ClientCalls.asyncBidiStreamingCall(grpc.channel.newCall(LoopbackGrpc.CHAT, CallOptions.DEFAULT), recorder));
    requests.onNext("a");
    requests.onNext("b");
    requests.onCompleted();
    recorder.await();

    assertThat(grpc.serverSaw).containsExactly("chat:r-3", "onMessage a:r-3", "onMessage b:r-3", "onHalfClose:r-3");
    assertThat(clientSaw).containsExactly("onNext a from r-3:r-3", "onNext b from r-3:r-3", "onCompleted:r-3");
  }

  @Test
  void aDeadlineEndsTheCallInTheCallersContextAndTheServerHearsOfItInTheIncomingOne() throws Exception {
    Recorder recorder = new Recorder();

    REQUEST_ID.run(
        "r-4",
        () ->
            ClientCalls.asyncUnaryCall(
                grpc.channel.newCall(LoopbackGrpc.HANG, CallOptions.DEFAULT.withDeadlineAfter(200, TimeUnit.MILLISECONDS)),
                "wait",
                recorder));
    recorder.await();

    assertThat(clientSaw).containsExactly("onError DEADLINE_EXCEEDED:r-4");
    awaitServerSaw("cancelled:r-4");
    assertThat(grpc.serverSaw).containsExactly("hang:r-4", "cancelled:r-4");
  }

  @Test
  void aCancellationByTheClientReachesTheServerInTheIncomingContext() throws Exception {
    CompletableFuture<ClientCallStreamObserver<String>> started = new CompletableFuture<>();
    CountDownLatch closed = new CountDownLatch(1);
    ClientResponseObserver<String, String> observer =
        new ClientResponseObserver<>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<String> call) {
            started.complete(call);
          }

          @Override
          public void onNext(String value) {}

          @Override
          public void onError(Throwable failure) {
            clientSaw.add("onError " + Status.fromThrowable(failure).getCode() + ":" + REQUEST_ID.getStore());
            closed.countDown();
          }

          @Override
          public void onCompleted() {}
        };

    REQUEST_ID.run("r-5", () -> ClientCalls.asyncUnaryCall(grpc.channel.newCall(LoopbackGrpc.HANG, CallOptions.DEFAULT), "wait", observer));
    awaitServerSaw("hang:r-5");
    started.get(10, SECONDS).cancel("the user gave up", null);

    assertThat(closed.await(10, SECONDS)).isTrue();
    awaitServerSaw("cancelled:r-5");
    assertThat(clientSaw).containsExactly("onError CANCELLED:r-5");
  }

  @Test
  void tenThousandConcurrentCallsWithDistinctStoresSeeNoOtherCallsStores() throws Exception {
    CallLoad.Result result = CallLoad.run(grpc, 10_000);

    assertThat(result.examples).isEmpty();
    assertThat(result.mixUps).isZero();
    assertThat(result.completed).isEqualTo(10_000);
  }

  @Test
  void malformedBaggageIsReportedAndNeverFailsTheCall() {
    Metadata malformed = new Metadata();
    malformed.put(Metadata.Key.of("baggage", Metadata.ASCII_STRING_MARSHALLER), "requestId=%zz");
    Channel sendingMalformed =
        ClientInterceptors.intercept(grpc.plainChannel, MetadataUtils.newAttachHeadersInterceptor(malformed));

    String response =
        ClientCalls.blockingUnaryCall(sendingMalformed, LoopbackGrpc.ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, SECONDS), "x");

    assertThat(response).isEqualTo("x seen in null");
    assertThat(grpc.reports).singleElement().asString().contains("malformed baggage member");
  }

  @Test
  void interceptorsRejectANullPropagation() {
    assertThatThrownBy(() -> ContextServerInterceptor.of(null)).isInstanceOf(NullPointerException.class).hasMessage("propagation");
    assertThatThrownBy(() -> ContextClientInterceptor.of(null)).isInstanceOf(NullPointerException.class).hasMessage("propagation");
  }

  private void awaitServerSaw(String event) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(10);
    while (!grpc.serverSaw.contains(event)) {
      assertThat(System.nanoTime()).as("waiting for " + event + " in " + grpc.serverSaw).isLessThan(deadline);
      Thread.onSpinWait();
      Thread.sleep(1); // polling a condition with a bound, not synchronising on time
    }
  }
}

package dev.baton.grpc;

import static dev.baton.grpc.LoopbackGrpc.REQUEST_ID;

import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many unary calls in flight at once, each started inside a request id of its own: the server must
 * answer each in its caller's id, and each response must reach its caller in the caller's id.
 */
final class CallLoad {

  /** What the calls saw. */
  static final class Result {
    final int completed;
    final int mixUps;
    final List<String> examples;

    Result(int completed, int mixUps, List<String> examples) {
      this.completed = completed;
      this.mixUps = mixUps;
      this.examples = examples;
    }
  }

  private CallLoad() {}

  static Result run(LoopbackGrpc grpc, int calls) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(calls);
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger mixUps = new AtomicInteger();
    List<String> examples = new CopyOnWriteArrayList<>();
    for (int i = 0; i < calls; i++) {
      String id = "r-" + i;
      String message = "m-" + i;
      REQUEST_ID.run(
          id,
          () ->
              ClientCalls.asyncUnaryCall(
                  grpc.channel.newCall(LoopbackGrpc.ECHO, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS)),
                  message,
                  new StreamObserver<>() {
                    private void check(String what, String seen, String expected) {
                      if (!expected.equals(seen)) {
                        mixUps.incrementAndGet();
                        if (examples.size() < 10) {
                          examples.add(what + ": expected " + expected + ", saw " + seen);
                        }
                      }
                    }

                    @Override
                    public void onNext(String response) {
                      check("response", response, message + " seen in " + id);
                      check("onNext", REQUEST_ID.getStore(), id);
                    }

                    @Override
                    public void onError(Throwable failure) {
                      examples.add(id + " failed: " + Status.fromThrowable(failure));
                      done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                      check("onCompleted", REQUEST_ID.getStore(), id);
                      completed.incrementAndGet();
                      done.countDown();
                    }
                  }));
    }
    if (!done.await(120, TimeUnit.SECONDS)) {
      examples.add((done.getCount()) + " calls did not end within 120 s");
    }
    return new Result(completed.get(), mixUps.get(), examples);
  }
}

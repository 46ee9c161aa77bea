package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultProgressivePromise;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.GenericProgressiveFutureListener;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ProgressiveFuture;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Netty's futures under the agent: a listener runs in the context of the code that added it, as a
 * promise's {@code then} callback does in Node, whichever thread completes the future (an event
 * loop, another request's thread) and whatever context that thread is in. The listener itself is
 * what Netty keeps, so removing it works as without the agent.
 */
class NettyFuturesIT {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final AnotherRequest otherRequest = new AnotherRequest(storage, "other request");
  private final EventExecutor loop = new DefaultEventExecutor();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void shutDown() throws InterruptedException {
    otherRequest.close();
    assertThat(loop.shutdownGracefully(0, 1, SECONDS).await(10, SECONDS)).isTrue();
  }

  private String store() {
    return String.valueOf(storage.getStore());
  }

  private GenericFutureListener<Future<Object>> recording(String name, CountDownLatch called) {
    return future -> {
      seen.add(name + ":" + store());
      called.countDown();
    };
  }

  @Test
  void listenersRunInTheContextsThatAddedThemOnTheEventLoopThatCompletesThePromise() throws Exception {
    Promise<Object> promise = loop.newPromise();
    CountDownLatch called = new CountDownLatch(3);
    storage.run("first", () -> promise.addListener(recording("a", called)));
    storage.run("second", () -> promise.addListeners(recording("b", called), recording("c", called)));

    otherRequest.run(() -> promise.setSuccess("v"));

    assertThat(called.await(10, SECONDS)).isTrue();
    assertThat(seen).containsExactly("a:first", "b:second", "c:second");
    assertThat(loop.submit(this::store).get(10, SECONDS)).as("nothing left on the event loop").isEqualTo("null");
  }

  @Test
  void aPromiseCompletedOnTheCallingThreadRunsItsListenersThereInTheirOwnContexts() throws Exception {
    Promise<Object> promise = ImmediateEventExecutor.INSTANCE.newPromise();
    storage.run("registrar", () -> promise.addListener(recording("listener", new CountDownLatch(1))));
    promise.addListener(recording("outside", new CountDownLatch(1)));

    otherRequest.run(() -> promise.setFailure(new IllegalStateException("boom")));

    assertThat(seen).containsExactly("listener:registrar", "outside:null");
  }

  @Test
  void oneListenerAddedToSeveralPromisesRunsForEachInTheContextOfThatAddition() throws Exception {
    Promise<Object> first = ImmediateEventExecutor.INSTANCE.newPromise();
    Promise<Object> second = ImmediateEventExecutor.INSTANCE.newPromise();
    GenericFutureListener<Future<Object>> shared = future -> seen.add(future.getNow() + ":" + store());
    storage.run("r1", () -> first.addListener(shared));
    storage.run("r2", () -> second.addListener(shared));
    storage.run("r3", () -> first.addListener(shared));

    otherRequest.run(() -> second.setSuccess("second"));
    otherRequest.run(() -> first.setSuccess("first"));

    assertThat(seen).containsExactly("second:r2", "first:r1", "first:r3");
  }

  @Test
  void aRemovedListenerIsNotCalledAndTheOthersKeepTheirContexts() throws Exception {
    Promise<Object> promise = ImmediateEventExecutor.INSTANCE.newPromise();
    GenericFutureListener<Future<Object>> removed = recording("removed", new CountDownLatch(1));
    storage.run("r1", () -> promise.addListener(removed));
    storage.run("r2", () -> promise.addListener(recording("kept", new CountDownLatch(1))));
    promise.removeListener(removed);
    storage.run("r3", () -> promise.addListener(removed));

    otherRequest.run(() -> promise.setSuccess("v"));

    assertThat(seen).containsExactly("kept:r2", "removed:r3");
  }

  @Test
  void aListenerThatThrowsLeavesTheNextItsOwnContextAndTheCompleterItsOwn() throws Exception {
    Promise<Object> promise = ImmediateEventExecutor.INSTANCE.newPromise();
    storage.run(
        "failing",
        () ->
            promise.addListener(
                future -> {
                  seen.add("failing:" + store());
                  throw new IllegalStateException("listener failed");
                }));
    storage.run("next", () -> promise.addListener(recording("next", new CountDownLatch(1))));
    // Netty logs what a listener throws (through java.util.logging here): kept, to be asserted
    CapturedReports netty = CapturedReports.of("io.netty.util.concurrent.DefaultPromise").start();
    try {
      otherRequest.run(() -> promise.setSuccess("v"));
    } finally {
      netty.stop();
    }

    assertThat(seen).containsExactly("failing:failing", "next:next");
    assertThat(netty.records())
        .singleElement()
        .satisfies(record -> assertThat(record.getThrown()).hasMessage("listener failed"));
  }

  @Test
  void aListenerAddedToACompletedPromiseRunsInTheAddingContextOnTheEventLoop() throws Exception {
    Promise<Object> promise = loop.newPromise();
    promise.setSuccess("v");
    CountDownLatch called = new CountDownLatch(1);

    storage.run("late", () -> promise.addListener(recording("late", called)));

    assertThat(called.await(10, SECONDS)).isTrue();
    assertThat(seen).containsExactly("late:late");
  }

  @Test
  void progressAndCompletionReachAProgressListenerInTheContextThatAddedIt() throws Exception {
    DefaultProgressivePromise<Object> promise = new DefaultProgressivePromise<>(ImmediateEventExecutor.INSTANCE);
    storage.run(
        "registrar",
        () ->
            promise.addListener(
                new GenericProgressiveFutureListener<ProgressiveFuture<Object>>() {
                  @Override
                  public void operationProgressed(ProgressiveFuture<Object> future, long progress, long total) {
                    seen.add("progress " + progress + "/" + total + ":" + store());
                  }

                  @Override
                  public void operationComplete(ProgressiveFuture<Object> future) {
                    seen.add("complete:" + store());
                  }
                }));

    otherRequest.run(
        () -> {
          promise.setProgress(1, 2);
          promise.setProgress(2, 2);
          promise.setSuccess("v");
        });

    assertThat(seen).containsExactly("progress 1/2:registrar", "progress 2/2:registrar", "complete:registrar");
  }

  @Test
  void connectWriteAndCloseListenersOfARealChannelRunInTheRequestThatAddedThem() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      CountDownLatch echoed = new CountDownLatch(1);
      Channel server =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                      channel
                          .pipeline()
                          .addLast(
                              new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext context, Object message) {
                                  context.writeAndFlush(message).addListener(ChannelFutureListener.CLOSE);
                                }
                              });
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      Bootstrap client =
          new Bootstrap()
              .group(group)
              .channel(NioSocketChannel.class)
              .handler(
                  new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext context, Object message) {
                      echoed.countDown();
                      io.netty.util.ReferenceCountUtil.release(message);
                    }
                  });
      CountDownLatch closed = new CountDownLatch(1);

      storage.run(
          "request-42",
          () -> {
            ChannelFuture connect = client.connect(server.localAddress());
            connect.addListener(
                (ChannelFuture connected) -> {
                  seen.add("connected:" + store());
                  Channel channel = connected.channel();
                  channel.closeFuture().addListener(future -> {
                    seen.add("closed:" + store());
                    closed.countDown();
                  });
                  storage.run(
                      "request-42/write",
                      () ->
                          channel
                              .writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}))
                              .addListener(future -> seen.add("written:" + store())));
                });
          });

      assertThat(echoed.await(10, SECONDS)).isTrue();
      assertThat(closed.await(10, SECONDS)).isTrue();
      assertThat(seen).containsExactly("connected:request-42", "written:request-42/write", "closed:request-42");
      server.close().sync();
    } finally {
      assertThat(group.shutdownGracefully(0, 1, SECONDS).await(10, SECONDS)).isTrue();
    }
  }
}

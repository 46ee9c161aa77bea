package dev.baton.examples;

import dev.baton.AsyncLocalStorage;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The request-id HTTP logger of Node's {@code AsyncLocalStorage} page on Netty: the same handler
 * as {@link RequestIdLogger}, on the server Java services deploy. The asynchronous hop is a task
 * handed to the channel's own event loop, as {@code setImmediate} hands one to Node's. Under
 * Baton's agent the request id follows it with no wrapping in this code; without the agent the
 * second line of each request has no id, and nothing leaks into the loop.
 *
 * <p>With no arguments it starts on 127.0.0.1, sends itself two requests, prints four lines and
 * exits (the two requests' lines may interleave either way); with {@code --port N} it keeps
 * serving on 127.0.0.1:N with one event-loop thread, as Node serves with one.
 */
public final class NettyRequestIdLogger {

  private static final AsyncLocalStorage<Integer> asyncLocalStorage =
      new AsyncLocalStorage<>("requestId");

  private NettyRequestIdLogger() {}

  /** One handler for every connection: the id sequence is the server's, touched on its loop only. */
  @ChannelHandler.Sharable
  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final PrintStream out;
    private int idSeq;

    Handler(PrintStream out) {
      this.out = out;
    }

    private void logWithId(String msg) {
      Integer id = asyncLocalStorage.getStore();
      out.println((id != null ? id : "-") + ": " + msg);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      asyncLocalStorage.run(
          idSeq++,
          () -> {
            logWithId("start");
            // Imagine any chain of async operations here
            ctx.executor()
                .execute(
                    () -> {
                      logWithId("finish");
                      end(ctx, keepAlive);
                    });
          });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static void end(ChannelHandlerContext ctx, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /**
   * Runs the example.
   *
   * @param args none for the demo, or {@code --port N} to keep serving on that port; a wrong
   *     argument, a port already taken or a failing demo is one line on standard error and a
   *     non-zero exit status
   */
  public static void main(String[] args) {
    CommandLine.run("NettyRequestIdLogger", args, NettyRequestIdLogger::serve, NettyRequestIdLogger::demo);
  }

  /**
   * Starts the server, sends it two requests at once, waits for both responses and stops.
   *
   * @param out where the log lines go
   * @throws Exception if a request fails or does not complete within ten seconds
   */
  public static void demo(PrintStream out) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel server = start(group, 0, out);
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).GET().build();
      CompletableFuture<HttpResponse<Void>> first = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
      CompletableFuture<HttpResponse<Void>> second = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
      CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);
      for (HttpResponse<Void> response : java.util.List.of(first.join(), second.join())) {
        if (response.statusCode() != 200) {
          throw new IllegalStateException("the server answered " + response.statusCode());
        }
      }
      server.close().syncUninterruptibly();
    } finally {
      group.shutdownGracefully(0, 10, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /**
   * Serves on 127.0.0.1:{@code port} with one event-loop thread until the process is stopped.
   *
   * @param port the port, 0 for any free one
   * @param out where the log lines go
   * @throws InterruptedException if interrupted while binding
   */
  public static void serve(int port, PrintStream out) throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Channel server;
    try {
      server = start(group, port, out);
    } catch (Throwable failed) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS); // its thread would keep the JVM alive
      throw failed;
    }
    int bound = ((InetSocketAddress) server.localAddress()).getPort();
    System.err.println("listening on http://127.0.0.1:" + bound + "/");
  }

  private static Channel start(EventLoopGroup group, int port, PrintStream out) throws InterruptedException {
    Handler handler = new Handler(out);
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), handler);
              }
            })
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .sync()
        .channel();
  }
}

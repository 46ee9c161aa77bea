package dev.baton.http;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.servlet.Container;
import dev.baton.servlet.ContextFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Tomcat on loopback behind Baton's filter that answers with what a request carried: {@code
 * /store} the request id it runs in, {@code /headers} its baggage header, {@code /held} its request
 * id once {@link #release()} is called, so that a test chains its callbacks before the answer.
 */
final class Answering implements AutoCloseable {

  static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  static final ContextPropagation PROPAGATION = ContextPropagation.builder().carry(REQUEST_ID).build();

  private final CountDownLatch held = new CountDownLatch(1);
  private final Container container;

  Answering() throws Exception {
    container =
        Container.tomcat()
            .filter("baton", new ContextFilter(PROPAGATION))
            .servlet("/store", text(request -> String.valueOf(REQUEST_ID.getStore())))
            .servlet("/headers", text(request -> String.valueOf(request.getHeader("baggage"))))
            .servlet("/held", text(request -> {
              try {
                return held.await(10, TimeUnit.SECONDS) ? String.valueOf(REQUEST_ID.getStore()) : "not released";
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
              }
            }))
            .start();
  }

  /** The address of {@code path} here. */
  String uri(String path) {
    return "http://127.0.0.1:" + container.port() + path;
  }

  /** Lets {@code /held} answer. */
  void release() {
    held.countDown();
  }

  /** A servlet answering {@code body}'s text. */
  static HttpServlet text(Function<HttpServletRequest, String> body) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(body.apply(request));
      }
    };
  }

  @Override
  public void close() throws Exception {
    release();
    container.close();
  }
}

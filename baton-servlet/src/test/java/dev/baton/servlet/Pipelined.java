package dev.baton.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Several HTTP/1.1 requests written at once on one connection, as a pipelining client sends them. */
public final class Pipelined {

  private Pipelined() {}

  /**
   * Everything the server on {@code port} answered to {@code requests}, until it closed the
   * connection (have the last request ask for {@code Connection: close}).
   */
  public static String exchange(int port, String requests) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(requests.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream answered = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(answered);
      return answered.toString(StandardCharsets.UTF_8);
    }
  }
}

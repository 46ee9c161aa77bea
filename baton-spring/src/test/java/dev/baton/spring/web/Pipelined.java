package dev.baton.spring.web;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Several HTTP/1.1 requests written at once on one connection, as a pipelining client sends them. */
final class Pipelined {

  private Pipelined() {}

  /** Everything the server answered to {@code requests}, until it closed the connection. */
  static String exchange(int port, String requests) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(requests.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answered = new ByteArrayOutputStream();
      in.transferTo(answered);
      return answered.toString(StandardCharsets.UTF_8);
    }
  }
}

package dev.baton.examples.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The three services, their edge sent baggage no service here wrote: control characters in
 * properties, raw non-ASCII bytes, octets that are not UTF-8, broken escapes, duplicate keys, more
 * members and more bytes than the W3C limits. The client writes raw HTTP, as no well-behaved
 * client would send these. Every request must be answered, and go through gRPC and Kafka with the
 * id its edge gave it.
 */
final class HostileBaggage {

  static final List<String> HEADERS = headers();

  private HostileBaggage() {}

  private static List<String> headers() {
    List<String> headers = new ArrayList<>();
    headers.add("ok=1;p\u0001q");
    headers.add("ok=1;p\u007fq,other=2;x");
    headers.add("ok=1;p\u0000q");
    headers.add("requestId=evil;origin=\u00e9\u00e9,caf\u00e9=1");
    headers.add("k=%C3%28,k2=%FF;x,dup=first;p=1,dup=second;p=2");
    headers.add("\t a = 1 \t; p \t, b=2");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      many.append(i == 0 ? "" : ",").append('k').append(i).append("=v");
    }
    headers.add(many.toString());
    headers.add("bad,".repeat(64) + "good=1");
    headers.add("big=" + "v".repeat(9000) + ",after=1");
    headers.add("a=%,b=%4,c=%zz,d=x y");
    headers.add("=,;,%,\\,\",,,;;;==");
    return headers;
  }

  /**
   * Runs the services and sends each hostile header in its own request.
   *
   * @param args none
   * @throws Exception if the edge does not answer a request with 200
   */
  public static void main(String[] args) throws Exception {
    ThreeServices.withBroker(kafka -> ThreeServices.run(kafka, HEADERS.size(), (edge, i) -> {
      String status = send(edge, "/order?item" + i, HEADERS.get(i));
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IllegalStateException("the edge answered \"" + status + "\" to request " + i);
      }
    }));
  }

  /** A GET with a {@code baggage} header of the given characters, one byte each; the status line. */
  private static String send(InetSocketAddress edge, String path, String baggage) throws IOException {
    try (Socket socket = new Socket(edge.getAddress(), edge.getPort())) {
      socket.setSoTimeout(30_000);
      String request =
          "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nbaggage: " + baggage + "\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder status = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\r' && c != '\n'; c = in.read()) {
        status.append((char) c);
      }
      in.readAllBytes();
      return status.toString();
    }
  }
}

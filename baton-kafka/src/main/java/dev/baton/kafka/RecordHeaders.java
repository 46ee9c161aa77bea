package dev.baton.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Kafka record headers as text, for {@link dev.baton.ContextPropagation}. */
final class RecordHeaders {

  private RecordHeaders() {}

  /** Replaces header {@code name}. */
  static void set(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The most of a header that is read: past the W3C limit of 8192 bytes nothing is used, and
   * one character more tells the reader that the header went on.
   */
  private static final int READ_AT_MOST = 8193;

  /** Header {@code name}, several joined with commas; null when absent. */
  static String get(Headers headers, String name) {
    StringBuilder joined = null;
    for (Header header : headers.headers(name)) {
      byte[] value = header.value();
      if (value == null) {
        continue;
      }
      String text = text(value);
      joined = joined == null ? new StringBuilder(text) : joined.append(',').append(text);
      if (joined.length() >= READ_AT_MOST) {
        break;
      }
    }
    return joined == null ? null : joined.toString();
  }

  /**
   * A header's text. Past the limit, one byte a character: what the reader keeps is ASCII
   * anyway, and so its limit counts the bytes that came, without decoding a peer's megabytes.
   */
  private static String text(byte[] value) {
    return value.length <= READ_AT_MOST
        ? new String(value, StandardCharsets.UTF_8)
        : new String(value, 0, READ_AT_MOST, StandardCharsets.ISO_8859_1);
  }
}

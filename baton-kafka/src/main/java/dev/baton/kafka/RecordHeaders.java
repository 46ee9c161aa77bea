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

  /** Header {@code name}, several joined with commas; null when absent. */
  static String get(Headers headers, String name) {
    StringBuilder joined = null;
    for (Header header : headers.headers(name)) {
      byte[] value = header.value();
      if (value == null) {
        continue;
      }
      String text = new String(value, StandardCharsets.UTF_8);
      joined = joined == null ? new StringBuilder(text) : joined.append(',').append(text);
    }
    return joined == null ? null : joined.toString();
  }
}

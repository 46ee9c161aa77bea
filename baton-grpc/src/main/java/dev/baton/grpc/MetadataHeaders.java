package dev.baton.grpc;

import io.grpc.Metadata;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Text headers of gRPC {@link Metadata}, for {@link dev.baton.ContextPropagation}. */
final class MetadataHeaders {

  private static final Map<String, Metadata.Key<String>> KEYS = new ConcurrentHashMap<>();

  private MetadataHeaders() {}

  private static Metadata.Key<String> key(String name) {
    return KEYS.computeIfAbsent(name, n -> Metadata.Key.of(n, Metadata.ASCII_STRING_MARSHALLER));
  }

  /** Replaces header {@code name}. */
  static void set(Metadata metadata, String name, String value) {
    Metadata.Key<String> key = key(name);
    metadata.removeAll(key);
    metadata.put(key, value);
  }

  /** Header {@code name}, several values joined with commas; null when absent. */
  static String get(Metadata metadata, String name) {
    Iterable<String> values = metadata.getAll(key(name));
    if (values == null) {
      return null;
    }
    Iterator<String> each = values.iterator();
    if (!each.hasNext()) {
      return null;
    }
    String first = each.next();
    if (!each.hasNext()) {
      return first;
    }
    StringBuilder joined = new StringBuilder(first);
    // Joined no further than the W3C limit of 8192 bytes (and one more character, telling the
    // reader that more came): a peer's many values cost no more
    while (each.hasNext() && joined.length() <= 8192) {
      joined.append(',').append(each.next());
    }
    return joined.toString();
  }
}

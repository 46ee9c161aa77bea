package dev.baton.spring.web;

import java.util.List;
import org.springframework.http.HttpHeaders;

/** Reading Spring's headers the way {@link dev.baton.ContextPropagation} asks for them. */
final class Headers {

  private Headers() {}

  /**
   * Every value of header {@code name}, joined with commas as HTTP allows, or null. Read through
   * {@code getValuesAsList}, which Spring 6 and 7 both declare with the same signature (the map's
   * {@code get} changed between them).
   */
  static String joined(HttpHeaders headers, String name) {
    List<String> values = headers.getValuesAsList(name);
    if (values.isEmpty()) {
      return null;
    }
    return values.size() == 1 ? values.get(0) : String.join(",", values);
  }
}

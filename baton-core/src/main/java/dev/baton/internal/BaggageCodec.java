package dev.baton.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The W3C Baggage header's format: list members {@code key=value;properties} joined with commas,
 * keys HTTP tokens, values percent-encoded UTF-8, at most {@link #MAX_MEMBERS} members and {@link
 * #MAX_BYTES} bytes in all. A member that does not fit is left out whole, never cut.
 */
public final class BaggageCodec {

  /** The most list members a header carries, as the specification requires propagating. */
  public static final int MAX_MEMBERS = 64;

  /** The most bytes a header carries, as the specification requires propagating. */
  public static final int MAX_BYTES = 8192;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private BaggageCodec() {}

  /** Receives one well-formed member of a header. */
  @FunctionalInterface
  public interface MemberConsumer {
    /** {@code value} is decoded; {@code member} is the member as received, properties included. */
    void accept(String key, String value, String member);
  }

  /** Whether {@code key} is an HTTP token, as baggage keys must be. */
  public static boolean isKey(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (!isTokenChar(key.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** Whether {@code c} may stand for itself in a value: printable ASCII but {@code " , ; \ %} and space. */
  private static boolean isValueChar(char c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\' && c != '%';
  }

  /** {@code value}, percent-encoded as UTF-8 wherever it holds anything but plain value characters. */
  public static String encode(String value) {
    int plain = 0;
    while (plain < value.length() && isValueChar(value.charAt(plain))) {
      plain++;
    }
    if (plain == value.length()) {
      return value;
    }
    StringBuilder encoded = new StringBuilder(value.length() + 16).append(value, 0, plain);
    byte[] bytes = value.substring(plain).getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if (isValueChar(c)) {
        encoded.append(c);
      } else {
        encoded.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
    return encoded.toString();
  }

  /**
   * Decodes a received value; null when it holds characters a value may not, a broken escape, or
   * bytes that are not UTF-8.
   */
  static String decode(String value) {
    if (value.indexOf('%') < 0) {
      for (int i = 0; i < value.length(); i++) {
        if (!isValueChar(value.charAt(i))) {
          return null;
        }
      }
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        if (i + 2 >= value.length()) {
          return null;
        }
        int high = Character.digit(value.charAt(i + 1), 16);
        int low = Character.digit(value.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return null;
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (isValueChar(c)) {
        bytes.write(c);
      } else {
        return null;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      return null;
    }
  }

  /**
   * Joins encoded members into a header value within the limits, leaving out (and reporting)
   * those that do not fit; null when there is none.
   */
  public static String join(Collection<String> members, PropagationReports reports) {
    if (members.isEmpty()) {
      return null;
    }
    if (members.size() == 1) {
      String only = members.iterator().next();
      if (only.length() <= MAX_BYTES) {
        return only;
      }
    }
    StringBuilder header = new StringBuilder();
    int written = 0;
    int left = 0;
    for (String member : members) {
      int length = member.length() + (written == 0 ? 0 : 1);
      if (written == MAX_MEMBERS || header.length() + length > MAX_BYTES) {
        left++;
        continue;
      }
      if (written > 0) {
        header.append(',');
      }
      header.append(member);
      written++;
    }
    if (left > 0) {
      reports.report(
          "outgoing baggage over the limits",
          left + " entries left out (at most " + MAX_MEMBERS + " entries and " + MAX_BYTES + " bytes)");
    }
    return written == 0 ? null : header.toString();
  }

  /**
   * Parses a received header, giving each well-formed member to {@code consumer} and reporting the
   * others; members beyond the limits are left out and reported.
   */
  public static void parse(String header, PropagationReports reports, MemberConsumer consumer) {
    int members = 0;
    int bytes = 0;
    int start = 0;
    int overLimits = 0;
    while (start <= header.length()) {
      int comma = header.indexOf(',', start);
      int end = comma < 0 ? header.length() : comma;
      String member = trim(header, start, end);
      start = end + 1;
      if (member.isEmpty()) {
        if (comma < 0) {
          break;
        }
        continue;
      }
      bytes += member.length() + (members == 0 ? 0 : 1);
      if (members == MAX_MEMBERS || bytes > MAX_BYTES) {
        overLimits++;
      } else {
        members++;
        parseMember(member, reports, consumer);
      }
      if (comma < 0) {
        break;
      }
    }
    if (overLimits > 0) {
      reports.report(
          "incoming baggage over the limits",
          overLimits + " entries left out (at most " + MAX_MEMBERS + " entries and " + MAX_BYTES + " bytes)");
    }
  }

  private static void parseMember(String member, PropagationReports reports, MemberConsumer consumer) {
    int semicolon = member.indexOf(';');
    String pair = semicolon < 0 ? member : member.substring(0, semicolon);
    int equals = pair.indexOf('=');
    String key = equals < 0 ? null : trim(pair, 0, equals);
    if (key == null || !isKey(key)) {
      reports.report("malformed baggage entry", "no valid key in " + quote(member) + "; the entry is left out");
      return;
    }
    String value = decode(trim(pair, equals + 1, pair.length()));
    if (value == null) {
      reports.report(
          "malformed baggage entry", "the value of \"" + key + "\" is not a valid baggage value; the entry is left out");
      return;
    }
    consumer.accept(key, value, member);
  }

  private static String trim(String text, int start, int end) {
    while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
      end--;
    }
    return text.substring(start, end);
  }

  /** A received member in a report: shortened, as a peer chooses its length. */
  private static String quote(String member) {
    return "\"" + (member.length() <= 40 ? member : member.substring(0, 40) + "...") + "\"";
  }
}

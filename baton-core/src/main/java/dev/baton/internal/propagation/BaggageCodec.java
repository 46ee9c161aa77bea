package dev.baton.internal.propagation;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The W3C Baggage header's format: list members {@code key=value;property;key=value} joined with
 * commas, keys HTTP tokens, values percent-encoded UTF-8, at most {@link #MAX_MEMBERS} members and
 * {@link #MAX_BYTES} bytes in all.
 *
 * <p>Reading is bounded by those limits, not by the header: only its first {@link #MAX_BYTES}
 * characters are looked at, and reading stops at the {@link #MAX_MEMBERS}th valid member, so a
 * header of any size costs what one of the limit's size does. Everything written is printable
 * ASCII with no space, which HTTP/1.1, HTTP/2 and gRPC metadata all accept.
 */
public final class BaggageCodec {

  /** The most list members a header carries, as the specification requires propagating. */
  public static final int MAX_MEMBERS = 64;

  /** The most bytes a header carries, as the specification requires propagating. */
  public static final int MAX_BYTES = 8192;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Token characters (RFC 9110), the characters of keys, by code below 128. */
  private static final boolean[] TOKEN = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TOKEN[c] = true;
    }
  }

  private BaggageCodec() {}

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
    return c < 128 && TOKEN[c];
  }

  /** A baggage-octet: printable ASCII but {@code " , ; \} and space. */
  private static boolean isOctet(char c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\';
  }

  /** Whether {@code c} may stand for itself in a written value: a baggage-octet that is not {@code %}. */
  private static boolean isPlain(char c) {
    return isOctet(c) && c != '%';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * {@code value}, percent-encoded as UTF-8 wherever it holds anything but plain value characters;
   * a lone surrogate is written as U+FFFD, as UTF-8 has no form for it.
   */
  public static String encode(String value) {
    int plain = 0;
    while (plain < value.length() && isPlain(value.charAt(plain))) {
      plain++;
    }
    if (plain == value.length()) {
      return value;
    }
    StringBuilder encoded = new StringBuilder(value.length() + 16).append(value, 0, plain);
    for (int i = plain; i < value.length(); ) {
      int point = value.codePointAt(i);
      i += Character.charCount(point);
      if (point < 0x80) {
        if (isPlain((char) point)) {
          encoded.append((char) point);
        } else {
          escape(encoded, point);
        }
      } else if (point < 0x800) {
        escape(encoded, 0xC0 | point >> 6);
        escape(encoded, 0x80 | point & 0x3F);
      } else if (point < 0x10000) {
        if (Character.isSurrogate((char) point)) {
          point = 0xFFFD;
        }
        escape(encoded, 0xE0 | point >> 12);
        escape(encoded, 0x80 | point >> 6 & 0x3F);
        escape(encoded, 0x80 | point & 0x3F);
      } else {
        escape(encoded, 0xF0 | point >> 18);
        escape(encoded, 0x80 | point >> 12 & 0x3F);
        escape(encoded, 0x80 | point >> 6 & 0x3F);
        escape(encoded, 0x80 | point & 0x3F);
      }
    }
    return encoded.toString();
  }

  private static void escape(StringBuilder encoded, int octet) {
    encoded.append('%').append(HEX[octet >> 4 & 0xF]).append(HEX[octet & 0xF]);
  }

  /**
   * Decodes the received value {@code text[start, end)}, whose characters are baggage-octets:
   * escapes become octets, and octets that are not UTF-8 become U+FFFD, as the specification
   * requires. An escape cut short by the end of the value ends it, as OpenTelemetry reads it; null
   * when an escape holds a character that is not a hex digit.
   */
  static String decode(String text, int start, int end) {
    int escape = start;
    while (escape < end && text.charAt(escape) != '%') {
      escape++; // not indexOf: it would look on through the rest of a peer's header
    }
    if (escape == end) {
      return text.substring(start, end);
    }
    byte[] octets = new byte[end - start];
    int length = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c != '%') {
        octets[length++] = (byte) c;
        continue;
      }
      if (i + 1 == end) {
        break;
      }
      int high = Character.digit(text.charAt(i + 1), 16);
      if (high < 0) {
        return null;
      }
      if (i + 2 == end) {
        break;
      }
      int low = Character.digit(text.charAt(i + 2), 16);
      if (low < 0) {
        return null;
      }
      octets[length++] = (byte) (high << 4 | low);
      i += 2;
    }
    return new String(octets, 0, length, StandardCharsets.UTF_8);
  }

  /**
   * A member to write, {@code key=encoded value}, with those of {@code properties} (W3C text,
   * properties joined with semicolons) that are valid W3C properties; the others are left out and
   * reported.
   */
  public static String member(String key, String value, String properties, PropagationReports reports) {
    String member = key + "=" + encode(value);
    if (properties.isEmpty()) {
      return member;
    }
    Parse parse = new Parse(properties, properties.length());
    String valid = parse.properties(0, properties.length());
    parse.report(reports);
    return valid.isEmpty() ? member : member + ";" + valid;
  }

  /**
   * Joins members into a header value within the limits, leaving out (and reporting) those that
   * do not fit; null when there is none. Members are ASCII, so their length is their size in bytes.
   */
  public static String join(List<String> members, PropagationReports reports) {
    if (members.isEmpty()) {
      return null;
    }
    if (members.size() == 1 && members.get(0).length() <= MAX_BYTES) {
      return members.get(0);
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
   * Parses a received header: its valid members, the last of each key kept, in a {@link
   * ReceivedBaggage}; null when it has none. Malformed members and properties are left out, and
   * each kind of problem is reported once per header, with how many it concerned.
   */
  public static ReceivedBaggage parse(String header, PropagationReports reports) {
    Parse parse = new Parse(header, Math.min(header.length(), MAX_BYTES));
    parse.members();
    parse.report(reports);
    return parse.received.isEmpty() ? null : parse.received;
  }

  /** One pass over a header, within its window; counts what it leaves out. */
  private static final class Parse {
    private final String header;
    private final int window;
    final ReceivedBaggage received = new ReceivedBaggage();
    int membersLeftOut;
    String firstMemberProblem;
    int propertiesLeftOut;
    String firstPropertyProblem;
    boolean overMembers;
    boolean overBytes;

    Parse(String header, int window) {
      this.header = header;
      this.window = window;
    }

    void members() {
      int start = 0;
      while (start < window) {
        int end = start;
        while (end < window && header.charAt(end) != ',') {
          end++;
        }
        if (end == window && window < header.length() && header.charAt(window) != ',') {
          overBytes = true; // a member runs past the limit: it is cut, so it is left out
          return;
        }
        if (!blank(start, end)) {
          if (received.size() == MAX_MEMBERS) {
            overMembers = true;
            return;
          }
          member(start, end);
        }
        start = end + 1;
      }
      overBytes = window < header.length() - 1;
    }

    /** Whether {@code header[start, end)} holds only spaces and tabs; bounded by the caller's range. */
    private boolean blank(int start, int end) {
      for (int i = start; i < end; i++) {
        if (!isSpace(header.charAt(i))) {
          return false;
        }
      }
      return true;
    }

    private int skipSpace(int i, int end) {
      while (i < end && isSpace(header.charAt(i))) {
        i++;
      }
      return i;
    }

    private void member(int start, int end) {
      int keyStart = skipSpace(start, end);
      int keyEnd = keyStart;
      while (keyEnd < end && isTokenChar(header.charAt(keyEnd))) {
        keyEnd++;
      }
      int equals = skipSpace(keyEnd, end);
      if (keyEnd == keyStart || equals == end || header.charAt(equals) != '=') {
        leaveOutMember("no valid key", start, end);
        return;
      }
      int valueStart = skipSpace(equals + 1, end);
      int valueEnd = valueStart;
      while (valueEnd < end && isOctet(header.charAt(valueEnd))) {
        valueEnd++;
      }
      int after = skipSpace(valueEnd, end);
      if (after < end && header.charAt(after) != ';') {
        leaveOutMember("a value with a character a value may not hold", start, end);
        return;
      }
      String value = decode(header, valueStart, valueEnd);
      if (value == null) {
        leaveOutMember("a broken percent escape", start, end);
        return;
      }
      String key = header.substring(keyStart, keyEnd);
      String properties = after < end ? properties(after + 1, end) : "";
      String member;
      if (equals == keyEnd && valueStart == equals + 1 && properties.isEmpty()) {
        member = header.substring(keyStart, valueEnd); // as it came, spaces and all already left out
      } else {
        member = key + "=" + header.substring(valueStart, valueEnd) + (properties.isEmpty() ? "" : ";" + properties);
      }
      received.put(key, value, properties, member);
    }

    /** The valid properties of {@code header[start, end)}, canonical and joined with semicolons. */
    String properties(int start, int end) {
      StringBuilder kept = null;
      int propertyStart = start;
      while (propertyStart <= end) {
        int propertyEnd = propertyStart;
        while (propertyEnd < end && header.charAt(propertyEnd) != ';') {
          propertyEnd++;
        }
        String property = property(propertyStart, propertyEnd);
        if (property != null && !property.isEmpty()) {
          if (kept == null) {
            kept = new StringBuilder(end - start);
          } else {
            kept.append(';');
          }
          kept.append(property);
        }
        propertyStart = propertyEnd + 1;
      }
      return kept == null ? "" : kept.toString();
    }

    /** A property, canonical; "" for an empty one; null for one left out. */
    private String property(int start, int end) {
      int keyStart = skipSpace(start, end);
      if (keyStart == end) {
        return "";
      }
      int keyEnd = keyStart;
      while (keyEnd < end && isTokenChar(header.charAt(keyEnd))) {
        keyEnd++;
      }
      int next = skipSpace(keyEnd, end);
      if (keyEnd > keyStart && next == end) {
        return header.substring(keyStart, keyEnd);
      }
      if (keyEnd > keyStart && header.charAt(next) == '=') {
        int valueStart = skipSpace(next + 1, end);
        int valueEnd = valueStart;
        while (valueEnd < end && isOctet(header.charAt(valueEnd))) {
          valueEnd++;
        }
        if (skipSpace(valueEnd, end) == end) {
          return header.substring(keyStart, keyEnd) + "=" + header.substring(valueStart, valueEnd);
        }
      }
      propertiesLeftOut++;
      if (firstPropertyProblem == null) {
        firstPropertyProblem = quote(header, start, end);
      }
      return null;
    }

    private void leaveOutMember(String problem, int start, int end) {
      membersLeftOut++;
      if (firstMemberProblem == null) {
        firstMemberProblem = problem + " in " + quote(header, start, end);
      }
    }

    void report(PropagationReports reports) {
      if (membersLeftOut > 0) {
        reports.report(
            "malformed baggage member",
            membersLeftOut + (membersLeftOut == 1 ? " member" : " members") + " left out, the first for "
                + firstMemberProblem);
      }
      if (propertiesLeftOut > 0) {
        reports.report(
            "malformed baggage property",
            propertiesLeftOut + (propertiesLeftOut == 1 ? " property" : " properties")
                + " left out (their members kept), the first " + firstPropertyProblem);
      }
      if (overMembers) {
        reports.report(
            "incoming baggage over " + MAX_MEMBERS + " members",
            "the members after the " + MAX_MEMBERS + "th valid one are left out");
      }
      if (overBytes) {
        // A fixed text: a peer sending megabytes on every request makes Baton build nothing for it
        reports.report(
            "incoming baggage over " + MAX_BYTES + " bytes", "what follows its first " + MAX_BYTES + " bytes is left out");
      }
    }
  }

  /**
   * A part of a received header in a report: shortened, as a peer chooses its length, and with
   * anything but printable ASCII shown as an escape, as a peer chooses its characters too.
   */
  private static String quote(String text, int start, int end) {
    int shown = Math.min(end, start + 40);
    StringBuilder quoted = new StringBuilder(shown - start + 8).append('"');
    for (int i = start; i < shown; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        quoted.append(c);
      } else {
        quoted.append(String.format("\\u%04x", (int) c));
      }
    }
    return quoted.append(shown < end ? "...\"" : "\"").toString();
  }
}

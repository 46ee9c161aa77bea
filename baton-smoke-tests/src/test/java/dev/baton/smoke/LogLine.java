package dev.baton.smoke;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the applications' log pattern: {@code time level [thread] requestId=id logger -
 * message}, where the id is {@code -} when the line was logged in no request.
 */
record LogLine(String thread, String requestId, String logger, String message, String text) {

  private static final Pattern FORMAT =
      Pattern.compile("^\\S+ +\\S+ +\\[(.*)\\] requestId=(\\S+) (\\S+) - (.*)$");

  /** The line, or null for what is not a log line (a stack trace's, a banner's). */
  static LogLine parse(String line) {
    Matcher matcher = FORMAT.matcher(line);
    return matcher.matches()
        ? new LogLine(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4), line)
        : null;
  }

  boolean inRequest() {
    return !requestId.equals("-");
  }

  @Override
  public String toString() {
    return text;
  }
}

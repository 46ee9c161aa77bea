package dev.baton.slf4j;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A Logback appender whose formatted output tests read back, line by line. */
public final class CapturedOutput extends OutputStreamAppender<ILoggingEvent> {

  private static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();

  @Override
  public void start() {
    setOutputStream(OUTPUT);
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    super.append(event);
    synchronized (OUTPUT) {
      OUTPUT.notifyAll();
    }
  }

  /** The lines written so far that contain {@code marker}. */
  public static List<String> linesWith(String marker) {
    String all;
    synchronized (OUTPUT) {
      all = OUTPUT.toString(StandardCharsets.UTF_8);
    }
    return Arrays.stream(all.split("\n"))
        .filter(line -> line.contains(marker))
        .collect(Collectors.toList());
  }

  /** Waits, bounded, for {@code count} lines with {@code marker}: an async appender lags. */
  public static List<String> awaitLines(String marker, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    synchronized (OUTPUT) {
      List<String> lines = linesWith(marker);
      while (lines.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        OUTPUT.wait(Math.max(1, left / 1_000_000));
        lines = linesWith(marker);
      }
      return lines;
    }
  }
}

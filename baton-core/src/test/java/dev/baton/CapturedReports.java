package dev.baton;

import dev.baton.internal.Reports;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What Baton reports through {@code System.Logger} "dev.baton" while a test runs, held for its
 * assertions instead of printed. Every report kind starts afresh, so that the first of each shows.
 */
final class CapturedReports extends Handler {

  /**
   * Held for the whole JVM: Baton, on the bootstrap class path, reports through the system logger
   * of this name, which shares its handlers with the application's logger only while that logger
   * lives. Collected between two tests, the next test would get a new logger that Baton's reports
   * never reach.
   */
  private static final Logger LOGGER = Logger.getLogger("dev.baton");
  private final List<String> messages = new CopyOnWriteArrayList<>();

  /** Starts capturing. */
  CapturedReports start() {
    Reports.BATON.forget();
    LOGGER.addHandler(this);
    LOGGER.setUseParentHandlers(false);
    return this;
  }

  /** Stops capturing; reports print again. */
  void stop() {
    LOGGER.removeHandler(this);
    LOGGER.setUseParentHandlers(true);
  }

  /** The messages reported since {@link #start()}, in order; a live view the test may clear. */
  List<String> messages() {
    return messages;
  }

  @Override
  public void publish(LogRecord record) {
    messages.add(record.getMessage());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}

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

  private final Logger logger = Logger.getLogger("dev.baton");
  private final List<String> messages = new CopyOnWriteArrayList<>();

  /** Starts capturing. */
  CapturedReports start() {
    Reports.BATON.forget();
    logger.addHandler(this);
    logger.setUseParentHandlers(false);
    return this;
  }

  /** Stops capturing; reports print again. */
  void stop() {
    logger.removeHandler(this);
    logger.setUseParentHandlers(true);
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

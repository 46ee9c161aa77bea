package dev.baton;

import dev.baton.internal.util.Reports;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What Baton reports through {@code System.Logger} "dev.baton" while a test runs, held for its
 * assertions instead of printed. Every report kind starts afresh, so that the first of each shows.
 * {@link #of(String)} does the same for a library's {@code java.util.logging} logger.
 */
public final class CapturedReports extends Handler {

  /**
   * Held for the whole JVM: Baton, on the bootstrap class path, reports through the system logger
   * of this name, which shares its handlers with the application's logger only while that logger
   * lives. Collected between two tests, the next test would get a new logger that Baton's reports
   * never reach.
   */
  private static final Logger BATON = Logger.getLogger("dev.baton");

  private final Logger logger;
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  /** What Baton reports. */
  public CapturedReports() {
    this(BATON);
  }

  private CapturedReports(Logger logger) {
    this.logger = logger;
  }

  /** What is logged under {@code loggerName}, held while the capture lasts. */
  public static CapturedReports of(String loggerName) {
    return new CapturedReports(Logger.getLogger(loggerName));
  }

  /** Starts capturing. */
  public CapturedReports start() {
    if (logger == BATON) {
      Reports.BATON.forget();
    }
    logger.addHandler(this);
    logger.setUseParentHandlers(false);
    return this;
  }

  /** Stops capturing; reports print again. */
  public void stop() {
    logger.removeHandler(this);
    logger.setUseParentHandlers(true);
  }

  /** The records logged since {@link #start()}, in order. */
  public List<LogRecord> records() {
    return records;
  }

  /** The messages reported since {@link #start()}, in order; a live view the test may clear. */
  public List<String> messages() {
    return messages;
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
    messages.add(record.getMessage());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}

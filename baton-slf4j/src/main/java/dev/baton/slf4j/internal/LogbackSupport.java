package dev.baton.slf4j.internal;

import org.slf4j.ILoggerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * What Baton does when the backend is Logback. Logback stays optional: its classes are touched
 * only once the backend's provider has been seen to be Logback's.
 */
public final class LogbackSupport {

  private static final String LOGBACK_PROVIDER = "ch.qos.logback.classic.spi.LogbackServiceProvider";

  private LogbackSupport() {}

  /** Whether {@code backend} is Logback's SLF4J provider. */
  public static boolean isLogback(SLF4JServiceProvider backend) {
    for (Class<?> type = backend.getClass(); type != null; type = type.getSuperclass()) {
      if (type.getName().equals(LOGBACK_PROVIDER)) {
        return true;
      }
    }
    return false;
  }

  /** Baton's MDC as Logback's own adapter type; only called when the backend is Logback. */
  public static MDCAdapter newMdcAdapter() {
    return new dev.baton.slf4j.logback.BatonLogbackMDCAdapter();
  }

  /**
   * Makes Logback's events read {@code adapter}: Logback reads the MDC of an event from its
   * logger context, not from SLF4J's {@code MDC} class.
   */
  public static void useMdcAdapter(ILoggerFactory factory, MDCAdapter adapter) {
    ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext) factory;
    // Logback records a "reset a second time" warning for this replacement; it is the point
    context.setMDCAdapter(adapter);
  }
}

package dev.baton.slf4j.internal;

import org.slf4j.ILoggerFactory;
import org.slf4j.spi.MDCAdapter;

/**
 * What Baton does when the backend is Logback. Logback stays optional: its classes are touched
 * only once the backend's logger factory has been seen to be Logback's.
 */
public final class LogbackSupport {

  private static final String LOGGER_CONTEXT = "ch.qos.logback.classic.LoggerContext";

  private LogbackSupport() {}

  public static boolean isLogback(ILoggerFactory factory) {
    for (Class<?> type = factory.getClass(); type != null; type = type.getSuperclass()) {
      if (type.getName().equals(LOGGER_CONTEXT)) {
        return true;
      }
    }
    return false;
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

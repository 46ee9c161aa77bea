package dev.baton.spring.internal;

import java.util.Map;
import org.slf4j.MDC;
import org.springframework.util.ClassUtils;

/**
 * Copies SLF4J's thread-local MDC from the submitting thread to the task, and gives the worker its
 * own back afterwards. SLF4J stays optional: {@code org.slf4j} is touched only when present.
 */
public final class MdcBridge {

  private static final boolean AVAILABLE =
      ClassUtils.isPresent("org.slf4j.MDC", MdcBridge.class.getClassLoader());

  /** The package of baton-slf4j's adapters, whose MDC already lives in Baton's context. */
  private static final String BATON_SLF4J = "dev.baton.slf4j.";

  private MdcBridge() {}

  public static boolean isAvailable() {
    return AVAILABLE;
  }

  /** Whether tasks need the MDC copied: SLF4J is there and its MDC is a thread-local. */
  public static boolean isNeeded() {
    return AVAILABLE && !MDC.getMDCAdapter().getClass().getName().startsWith(BATON_SLF4J);
  }

  public static Runnable capture(Runnable task) {
    Map<String, String> submitter = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> worker = MDC.getCopyOfContextMap();
      set(submitter);
      try {
        task.run();
      } finally {
        set(worker);
      }
    };
  }

  private static void set(Map<String, String> entries) {
    if (entries == null || entries.isEmpty()) {
      MDC.clear();
    } else {
      MDC.setContextMap(entries);
    }
  }
}

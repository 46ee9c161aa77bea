package dev.baton.internal;

/**
 * The names of the storages Baton's own integrations keep their state in. Logging integrations
 * that print every named store leave these out: the MDC maps are printed entry by entry by their
 * own conversions, and OpenTelemetry's context is no value to print. One list, so that a printer
 * in one integration module knows the storages of the others without depending on them.
 */
public final class IntegrationStorages {

  /** baton-slf4j's MDC adapter. */
  public static final String SLF4J_MDC = "slf4j.mdc";

  /** baton-log4j's {@code ThreadContextMap}. */
  public static final String LOG4J_THREAD_CONTEXT = "log4j.threadContext";

  /** baton-opentelemetry's {@code ContextStorage}. */
  public static final String OPENTELEMETRY_CONTEXT = "opentelemetry.context";

  private IntegrationStorages() {}

  /** Whether {@code name} is the name of one of Baton's integrations' storages. */
  public static boolean isIntegration(String name) {
    return name.equals(SLF4J_MDC) || name.equals(LOG4J_THREAD_CONTEXT) || name.equals(OPENTELEMETRY_CONTEXT);
  }
}

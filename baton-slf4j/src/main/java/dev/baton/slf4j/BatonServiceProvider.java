package dev.baton.slf4j;

import dev.baton.slf4j.internal.LogbackSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider that gives the application an MDC that follows the async flow ({@link
 * BatonMDCAdapter}) and leaves all the rest to the logging backend on the class path (Logback,
 * Log4j 2's SLF4J binding, slf4j-simple...). Select it with SLF4J's standard property:
 *
 * <pre>
 * java -Dslf4j.provider=dev.baton.slf4j.BatonServiceProvider ...
 * </pre>
 *
 * <p>With Logback, log events read Baton's MDC, so {@code %X{key}} and JSON encoders see the
 * entries of the context that logs. Other backends that keep a thread-local MDC of their own (Log4j
 * 2's {@code ThreadContext}) do not read SLF4J's adapter for their layouts.
 */
public final class BatonServiceProvider implements SLF4JServiceProvider {

  private final SLF4JServiceProvider backend;
  private final MDCAdapter mdcAdapter;

  /**
   * Creates the provider around the first other SLF4J provider found by {@link ServiceLoader}.
   *
   * @throws IllegalStateException if there is no other provider: the class path has no backend
   */
  public BatonServiceProvider() {
    this.backend = findBackend();
    // SLF4J binds the MDC adapter before it initializes the provider
    this.mdcAdapter = LogbackSupport.isLogback(backend) ? LogbackSupport.newMdcAdapter() : new BatonMDCAdapter();
  }

  private static SLF4JServiceProvider findBackend() {
    List<String> seen = new ArrayList<>();
    ClassLoader loader = BatonServiceProvider.class.getClassLoader();
    for (SLF4JServiceProvider provider : ServiceLoader.load(SLF4JServiceProvider.class, loader)) {
      if (!(provider instanceof BatonServiceProvider)) {
        return provider;
      }
      seen.add(provider.getClass().getName());
    }
    throw new IllegalStateException(
        "Baton's SLF4J provider found no logging backend to delegate to (such as logback-classic)"
            + " on the class path; providers found: "
            + seen);
  }

  @Override
  public void initialize() {
    backend.initialize();
    ILoggerFactory factory = backend.getLoggerFactory();
    if (LogbackSupport.isLogback(backend)) {
      LogbackSupport.useMdcAdapter(factory, mdcAdapter);
    }
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return backend.getLoggerFactory();
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return backend.getMarkerFactory();
  }

  /**
   * Returns Baton's MDC adapter: {@link dev.baton.slf4j.logback.BatonLogbackMDCAdapter} with
   * Logback, which reads its events' MDC through Logback's own adapter type, {@link
   * BatonMDCAdapter} with any other backend.
   *
   * @return the adapter
   */
  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return backend.getRequestedApiVersion();
  }

  /**
   * Returns the backend this provider delegates to.
   *
   * @return the backend's provider
   */
  public SLF4JServiceProvider backend() {
    return backend;
  }
}

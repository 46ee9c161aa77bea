package dev.baton.opentelemetry;

import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.ContextStorageProvider;

/**
 * Makes OpenTelemetry keep its {@code Context} in Baton's context. OpenTelemetry finds it through
 * {@link java.util.ServiceLoader} when it is the only {@link ContextStorageProvider} on the class
 * path; otherwise select it with {@code
 * -Dio.opentelemetry.context.contextStorageProvider=dev.baton.opentelemetry.BatonContextStorageProvider}.
 */
public final class BatonContextStorageProvider implements ContextStorageProvider {

  /** Creates the provider; OpenTelemetry does so on first use of {@code Context}. */
  public BatonContextStorageProvider() {}

  @Override
  public ContextStorage get() {
    return BatonContextStorage.INSTANCE;
  }
}

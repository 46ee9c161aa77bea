package dev.baton.internal.state;

import dev.baton.AsyncLocalStorage;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The storages integrations keep their own state in (an MDC map, OpenTelemetry's context), which
 * each integration marks as it creates them. Logging integrations that print every named store
 * leave these out: the MDC maps are printed entry by entry by their own conversions, and
 * OpenTelemetry's context is no value to print. A printer asks about the storage itself, so that
 * it knows the other integrations' storages without depending on them, and a storage of the
 * application that happens to have the same name is printed.
 */
public final class IntegrationStorages {

  /** Few (one per integration, or per logging context), read on every event a printer prints. */
  private static volatile List<WeakReference<AsyncLocalStorage<?>>> marked = List.of();

  private IntegrationStorages() {}

  /**
   * Marks {@code storage} as an integration's own.
   *
   * @return {@code storage}
   */
  public static <S extends AsyncLocalStorage<?>> S mark(S storage) {
    synchronized (IntegrationStorages.class) {
      List<WeakReference<AsyncLocalStorage<?>>> next = new ArrayList<>();
      for (WeakReference<AsyncLocalStorage<?>> reference : marked) {
        if (reference.get() != null) {
          next.add(reference);
        }
      }
      next.add(new WeakReference<>(storage));
      marked = List.copyOf(next);
    }
    return storage;
  }

  /** Whether {@code storage} is one an integration marked as its own. */
  public static boolean isIntegration(AsyncLocalStorage<?> storage) {
    for (WeakReference<AsyncLocalStorage<?>> reference : marked) {
      if (reference.get() == storage) {
        return true;
      }
    }
    return false;
  }
}

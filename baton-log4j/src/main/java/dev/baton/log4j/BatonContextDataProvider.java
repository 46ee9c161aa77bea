package dev.baton.log4j;

import dev.baton.AsyncLocalStorage;
import dev.baton.Snapshot;
import dev.baton.internal.state.IntegrationStorages;
import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.util.ContextDataProvider;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * Adds the store of every named {@link AsyncLocalStorage} to each Log4j event's context data,
 * under the storage's name, so that {@code %X{requestId}}, {@code %X}, JSON layouts and {@code
 * ${ctx:requestId}} show it with no {@code ThreadContext.put} at all. Log4j finds it with {@link
 * java.util.ServiceLoader}: having {@code baton-log4j} on the class path is enough.
 *
 * <pre>{@code
 * static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
 * // log4j2.xml: <PatternLayout pattern="%d %-5level [%X{requestId}] %logger - %msg%n"/>
 * }</pre>
 *
 * <p>The stores are read when the event is created, on the thread that logs, so asynchronous
 * loggers and appenders print the logging code's context. A store prints as its {@code
 * toString()}; one whose {@code toString()} throws prints as its class name and the exception,
 * and nothing else is affected. When several storages share a name, the one created last wins.
 * An entry of the {@code ThreadContext} map wins over a store of the same name, whichever order
 * Log4j consults its providers in. Unnamed storages, and the storages of Baton's own integrations (the
 * MDC maps, OpenTelemetry's context), are left out.
 */
public final class BatonContextDataProvider implements ContextDataProvider {

  private static final StringMap NOTHING = frozen(new SortedArrayStringMap(0));

  /** Created by Log4j's service loading. */
  public BatonContextDataProvider() {}

  @Override
  public Map<String, String> supplyContextData() {
    Map<String, String> data = new HashMap<>();
    AsyncLocalStorage.snapshot().forEach((storage, store) -> {
      if (isShown(storage)) {
        data.put(storage.name(), print(store));
      }
    });
    return data;
  }

  @Override
  public StringMap supplyStringMap() {
    Snapshot context = AsyncLocalStorage.snapshot();
    if (context.isEmpty()) {
      return NOTHING;
    }
    StringMap[] data = new StringMap[1];
    context.forEach((storage, store) -> {
      if (isShown(storage)) {
        if (data[0] == null) {
          data[0] = new SortedArrayStringMap();
        }
        data[0].putValue(storage.name(), print(store));
      }
    });
    return data[0] == null ? NOTHING : frozen(data[0]);
  }

  @Override
  public Object getValue(String key) {
    if (key == null || ThreadContext.containsKey(key)) {
      return null;
    }
    Object[] found = new Object[1];
    AsyncLocalStorage.snapshot().forEach((storage, store) -> {
      if (storage.name().equals(key) && !IntegrationStorages.isIntegration(storage)) {
        found[0] = store;
      }
    });
    return found[0] == null ? null : print(found[0]);
  }

  private static boolean isShown(AsyncLocalStorage<?> storage) {
    String name = storage.name();
    return !name.isEmpty() && !IntegrationStorages.isIntegration(storage) && !ThreadContext.containsKey(name);
  }

  static String print(Object store) {
    try {
      return String.valueOf(store);
    } catch (RuntimeException e) {
      return store.getClass().getName() + "[toString threw " + e + "]";
    }
  }

  private static StringMap frozen(StringMap data) {
    data.freeze();
    return data;
  }
}

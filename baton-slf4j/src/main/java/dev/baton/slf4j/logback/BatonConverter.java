package dev.baton.slf4j.logback;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.baton.AsyncLocalStorage;
import dev.baton.Snapshot;
import dev.baton.internal.state.IntegrationStorages;
import dev.baton.slf4j.internal.EventContexts;

/**
 * A Logback converter that prints the store of a named {@link AsyncLocalStorage}, so that a pattern
 * shows a request id or a tenant with no MDC at all. Declare it once in {@code logback.xml}:
 *
 * <pre>{@code
 * <conversionRule conversionWord="baton" class="dev.baton.slf4j.logback.BatonConverter"/>
 * <pattern>%d %-5level [%baton{requestId:--}] %logger - %msg%n</pattern>
 * }</pre>
 *
 * <ul>
 *   <li>{@code %baton{name}}: the store of the storage named {@code name} (the innermost one when
 *       several share the name), or nothing when it has none;
 *   <li>{@code %baton{name:-default}}: {@code default} when it has none, as {@code %X} does;
 *   <li>{@code %baton}: every named storage's store, as {@code name=store, ...}.
 * </ul>
 *
 * <p>Stores are read in the context of the code that logged. Behind an {@code AsyncAppender} that
 * needs {@link dev.baton.slf4j.BatonServiceProvider}, whose MDC carries the context to the
 * appender's thread; without it, an asynchronous appender prints its own thread's stores. A store
 * whose {@code toString} throws prints as its class name and the exception, and nothing else is
 * affected.
 */
public final class BatonConverter extends ClassicConverter {

  private static final String DEFAULT_SEPARATOR = ":-";

  private String name;
  private String absent = "";

  @Override
  public void start() {
    String option = getFirstOption();
    if (option != null && !option.isEmpty()) {
      int separator = option.indexOf(DEFAULT_SEPARATOR);
      if (separator >= 0) {
        name = option.substring(0, separator);
        absent = option.substring(separator + DEFAULT_SEPARATOR.length());
      } else {
        name = option;
      }
    }
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    Snapshot context = contextOf(event);
    return name == null ? allNamed(context) : named(context);
  }

  private static Snapshot contextOf(ILoggingEvent event) {
    Snapshot recorded = EventContexts.contextOf(event.getMDCPropertyMap());
    return recorded != null ? recorded : AsyncLocalStorage.snapshot();
  }

  private String named(Snapshot context) {
    Object[] found = new Object[1];
    context.forEach(
        (storage, store) -> {
          if (storage.name().equals(name)) {
            found[0] = store;
          }
        });
    return found[0] == null ? absent : print(found[0]);
  }

  private static String allNamed(Snapshot context) {
    StringBuilder all = new StringBuilder();
    context.forEach(
        (storage, store) -> {
          if (!storage.name().isEmpty() && !IntegrationStorages.isIntegration(storage)) {
            if (all.length() > 0) {
              all.append(", ");
            }
            all.append(storage.name()).append('=').append(print(store));
          }
        });
    return all.toString();
  }

  private static String print(Object store) {
    try {
      return String.valueOf(store);
    } catch (RuntimeException e) {
      return store.getClass().getName() + "[toString threw " + e + "]";
    }
  }
}

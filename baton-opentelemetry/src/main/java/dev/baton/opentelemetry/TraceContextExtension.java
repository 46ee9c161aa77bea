package dev.baton.opentelemetry;

import dev.baton.ContextPropagation;
import dev.baton.Snapshot;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * OpenTelemetry's fields in Baton's {@link ContextPropagation}, found with {@code ServiceLoader}:
 * the W3C trace context ({@code traceparent}, {@code tracestate}) travels with the stores, so the
 * spans of every service a request reaches share one trace, and OpenTelemetry's own baggage
 * entries travel in the same {@code baggage} header as the stores. On the receiving side the
 * caller's span becomes the remote parent, and every baggage entry received (stores included) is
 * in OpenTelemetry's {@code Baggage}, its properties as the entry's metadata, as OpenTelemetry's
 * own W3C baggage propagator would make it. Entries the application did not change go on exactly
 * as they came; of an entry's metadata, only what is valid W3C properties goes out.
 */
public final class TraceContextExtension implements ContextPropagation.Extension {

  private static final TextMapPropagator TRACE_CONTEXT = W3CTraceContextPropagator.getInstance();

  /** Made by {@code ServiceLoader}. */
  public TraceContextExtension() {}

  @Override
  public List<String> fields() {
    return List.copyOf(TRACE_CONTEXT.fields());
  }

  @Override
  public void inject(BiConsumer<String, String> headers, Consumer<ContextPropagation.BaggageEntry> baggage) {
    Context context = Context.current();
    TRACE_CONTEXT.inject(context, headers, BiConsumer::accept);
    Baggage.fromContext(context)
        .forEach(
            (key, entry) -> {
              String metadata = entry.getMetadata().getValue();
              baggage.accept(ContextPropagation.BaggageEntry.of(key, entry.getValue(), metadata == null ? "" : metadata));
            });
  }

  @Override
  public Snapshot extract(
      Snapshot context, Function<String, String> headers, List<ContextPropagation.BaggageEntry> baggage) {
    Context base = context.run(Context::current);
    Context extracted = TRACE_CONTEXT.extract(base, headers, Headers.INSTANCE);
    if (!baggage.isEmpty()) {
      BaggageBuilder entries = Baggage.fromContext(extracted).toBuilder();
      for (ContextPropagation.BaggageEntry entry : baggage) {
        entries.put(entry.key(), entry.value(), metadata(entry.properties()));
      }
      extracted = extracted.with(entries.build());
    }
    return extracted == base ? context : context.with(BatonContextStorage.STORAGE, extracted);
  }

  /** An entry's properties as OpenTelemetry's own propagator reads them: the text as it came. */
  private static BaggageEntryMetadata metadata(String properties) {
    return properties.isEmpty() ? BaggageEntryMetadata.empty() : BaggageEntryMetadata.create(properties);
  }

  @Override
  public String toString() {
    return "W3C trace context";
  }

  private enum Headers implements TextMapGetter<Function<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Function<String, String> headers) {
      return Collections.emptyList(); // the trace context propagator asks for its fields by name
    }

    @Override
    public String get(Function<String, String> headers, String key) {
      return headers == null ? null : headers.apply(key);
    }
  }
}

package dev.baton.opentelemetry;

import dev.baton.AsyncLocalStorage;
import dev.baton.Snapshot;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Carries chosen {@link AsyncLocalStorage} stores to other processes as W3C baggage, with the
 * trace context, so that a request id set at the edge is the same in every service the request
 * reaches and the spans of all of them share one trace.
 *
 * <pre>{@code
 * static final BaggagePropagation PROPAGATION =
 *     BaggagePropagation.builder().carry(REQUEST_ID).carry(TENANT, Tenant::id, Tenant::of).build();
 *
 * // client: the current stores and span go out with the request
 * HttpRequest request = PROPAGATION.inject(HttpRequest.newBuilder(uri)).GET().build();
 *
 * // server: the handler runs with the caller's stores and a child of the caller's span
 * PROPAGATION.extract(exchange.getRequestHeaders()).run(() -> handle(exchange));
 * }</pre>
 *
 * <p>Each store travels under its storage's name. Stores that are absent are not sent; baggage
 * entries already in the current OpenTelemetry context travel too. Immutable and thread-safe.
 */
public final class BaggagePropagation {

  private final List<Carried<?>> carried;
  private final TextMapPropagator propagator;

  private BaggagePropagation(Builder builder) {
    this.carried = List.copyOf(builder.carried);
    this.propagator = builder.propagator;
  }

  /**
   * Starts a propagation that carries no store yet and uses W3C trace context and W3C baggage.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes the current trace context, baggage and carried stores into {@code carrier}.
   *
   * @param carrier where the headers go
   * @param setter how to set one header
   * @param <C> the carrier's type
   * @throws NullPointerException if {@code carrier} or {@code setter} is null
   */
  public <C> void inject(C carrier, TextMapSetter<C> setter) {
    Objects.requireNonNull(carrier, "carrier");
    Objects.requireNonNull(setter, "setter");
    Context context = Context.current();
    BaggageBuilder baggage = Baggage.fromContext(context).toBuilder();
    for (Carried<?> store : carried) {
      String value = store.encodeCurrent();
      if (value != null) {
        baggage.put(store.key(), value);
      }
    }
    propagator.inject(context.with(baggage.build()), carrier, setter);
  }

  /**
   * Adds the current trace context, baggage and carried stores to an outgoing {@code
   * java.net.http} request as headers.
   *
   * @param request the request being built
   * @return {@code request}, for chaining
   * @throws NullPointerException if {@code request} is null
   */
  public HttpRequest.Builder inject(HttpRequest.Builder request) {
    inject(request, HttpRequest.Builder::setHeader);
    return request;
  }

  /**
   * Reads the trace context, baggage and carried stores of an incoming request into a context to
   * run its handler in: the current context, plus the extracted OpenTelemetry context (the
   * caller's span as remote parent, its baggage) and each carried store found in the baggage.
   * Stores whose entry is missing keep their current value.
   *
   * @param carrier the incoming headers
   * @param getter how to read them
   * @param <C> the carrier's type
   * @return the context to run the handler in
   * @throws NullPointerException if {@code carrier} or {@code getter} is null
   * @throws IllegalArgumentException if a carried store's decoder rejects the value received
   */
  public <C> Snapshot extract(C carrier, TextMapGetter<C> getter) {
    Objects.requireNonNull(carrier, "carrier");
    Objects.requireNonNull(getter, "getter");
    Context extracted = propagator.extract(Context.current(), carrier, getter);
    Baggage baggage = Baggage.fromContext(extracted);
    return BatonContextStorage.STORAGE.run(
        extracted,
        () -> {
          for (Carried<?> store : carried) {
            String value = baggage.getEntryValue(store.key());
            if (value != null) {
              store.enter(value);
            }
          }
          return AsyncLocalStorage.snapshot();
        });
  }

  /**
   * As {@link #extract(Object, TextMapGetter)}, for headers as a map from name to values, such as
   * {@code com.sun.net.httpserver.Headers} or {@code HttpHeaders.map()}. Names are matched without
   * regard to case.
   *
   * @param headers the incoming headers
   * @return the context to run the handler in
   * @throws NullPointerException if {@code headers} is null
   */
  public Snapshot extract(Map<String, List<String>> headers) {
    return extract(Objects.requireNonNull(headers, "headers"), HeaderMapGetter.INSTANCE);
  }

  /** Builds a {@link BaggagePropagation}. */
  public static final class Builder {

    private final List<Carried<?>> carried = new ArrayList<>();
    private TextMapPropagator propagator =
        TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

    private Builder() {}

    /**
     * Carries {@code storage}'s store, a string, under the storage's name.
     *
     * @param storage a named storage
     * @return this builder
     * @throws NullPointerException if {@code storage} is null
     * @throws IllegalArgumentException if the storage's name is not a valid baggage key
     */
    public Builder carry(AsyncLocalStorage<String> storage) {
      return carry(storage, Function.identity(), Function.identity());
    }

    /**
     * Carries {@code storage}'s store under the storage's name, written with {@code encoder} and
     * read back with {@code decoder}.
     *
     * @param storage a named storage
     * @param encoder turns a store into the baggage value
     * @param decoder turns a baggage value back into a store; it may throw {@code
     *     IllegalArgumentException} for a value it rejects
     * @param <T> the type of the store
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the storage's name is not a valid baggage key, or is
     *     carried already
     */
    public <T> Builder carry(
        AsyncLocalStorage<T> storage, Function<T, String> encoder, Function<String, T> decoder) {
      Objects.requireNonNull(storage, "storage");
      Objects.requireNonNull(encoder, "encoder");
      Objects.requireNonNull(decoder, "decoder");
      String key = storage.name();
      if (!isToken(key)) {
        throw new IllegalArgumentException(
            "A carried storage needs a name that is a W3C baggage key (letters, digits and"
                + " !#$%&'*+-.^_`|~), not \""
                + key
                + "\"");
      }
      for (Carried<?> other : carried) {
        if (other.key().equals(key)) {
          throw new IllegalArgumentException("A storage named \"" + key + "\" is carried already");
        }
      }
      carried.add(new Carried<>(storage, encoder, decoder));
      return this;
    }

    /**
     * Uses {@code propagator} instead of W3C trace context and W3C baggage; it must include a
     * baggage propagator for the stores to travel.
     *
     * @param propagator the propagator
     * @return this builder
     * @throws NullPointerException if {@code propagator} is null
     */
    public Builder propagator(TextMapPropagator propagator) {
      this.propagator = Objects.requireNonNull(propagator, "propagator");
      return this;
    }

    /**
     * Builds the propagation.
     *
     * @return an immutable propagation
     */
    public BaggagePropagation build() {
      return new BaggagePropagation(this);
    }

    private static boolean isToken(String key) {
      if (key.isEmpty()) {
        return false;
      }
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        boolean alphanumeric =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
          return false;
        }
      }
      return true;
    }
  }

  private static final class Carried<T> {

    private final AsyncLocalStorage<T> storage;
    private final Function<T, String> encoder;
    private final Function<String, T> decoder;

    Carried(AsyncLocalStorage<T> storage, Function<T, String> encoder, Function<String, T> decoder) {
      this.storage = storage;
      this.encoder = encoder;
      this.decoder = decoder;
    }

    String key() {
      return storage.name();
    }

    String encodeCurrent() {
      T store = storage.getStore();
      return store == null ? null : encoder.apply(store);
    }

    void enter(String value) {
      T store = decoder.apply(value);
      if (store == null) {
        throw new IllegalArgumentException(
            "The decoder of \"" + key() + "\" returned null for \"" + value + "\"");
      }
      storage.enterWith(store);
    }
  }

  private enum HeaderMapGetter implements TextMapGetter<Map<String, List<String>>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, List<String>> headers) {
      return Collections.unmodifiableSet(headers.keySet());
    }

    @Override
    public String get(Map<String, List<String>> headers, String key) {
      if (headers == null) {
        return null;
      }
      List<String> values = headers.get(key);
      if (values == null) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
          if (header.getKey() != null && header.getKey().equalsIgnoreCase(key)) {
            values = header.getValue();
            break;
          }
        }
      }
      return values == null || values.isEmpty() ? null : String.join(",", values);
    }
  }
}

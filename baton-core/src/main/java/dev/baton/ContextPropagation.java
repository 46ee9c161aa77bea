package dev.baton;

import dev.baton.internal.BaggageCodec;
import dev.baton.internal.PropagationReports;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Carries chosen stores to other processes, in the W3C {@code baggage} header: a store declared
 * here once travels with every HTTP request, gRPC call and Kafka record that Baton's integrations
 * send, and is current again where they are received.
 *
 * <pre>{@code
 * static final ContextPropagation PROPAGATION =
 *     ContextPropagation.builder().carry(REQUEST_ID).carry(TENANT, Tenant::id, Tenant::of).build();
 *
 * // client (java.net.http): the current stores go out as headers
 * HttpRequest.Builder request = HttpRequest.newBuilder(uri);
 * PROPAGATION.inject(request, HttpRequest.Builder::setHeader);
 *
 * // server: the handler runs with the caller's stores
 * PROPAGATION.extract(exchange.getRequestHeaders()).run(() -> handle(exchange));
 * }</pre>
 *
 * <p>Each store travels under its storage's name, its value percent-encoded (UTF-8), within the
 * limits of the W3C Baggage specification: at most 64 entries and 8192 bytes per header. Baggage
 * entries that arrive for no carried store (set by another service) travel on unchanged to the
 * next hop. Nothing a peer sends makes {@code extract} throw: a malformed entry, a value a decoder
 * rejects, or a header over the limits is left out and reported (through {@code
 * System.Logger} "dev.baton.ContextPropagation", or {@link Builder#onMalformed}), and the rest of
 * the header is used. An encoder that throws on {@code inject} leaves its entry out the same way.
 *
 * <p>{@link Extension}s found with {@link ServiceLoader} add fields of their own: with {@code
 * baton-opentelemetry}, the W3C trace context ({@code traceparent}, {@code tracestate}) and
 * OpenTelemetry's own baggage entries travel with the stores. Immutable and thread-safe.
 */
public final class ContextPropagation {

  /** The W3C baggage header. */
  public static final String BAGGAGE = "baggage";

  /** Baggage entries that arrived for no carried store, by key, to travel on unchanged. */
  private static final AsyncLocalStorage<Map<String, String>> FORWARDED = new AsyncLocalStorage<>();

  private final Map<String, Carried<?>> carried;
  private final Carried<?>[] carriedInOrder;
  private final List<Extension> extensions;
  private final PropagationReports reports;
  private final List<String> fields;

  private ContextPropagation(Builder builder, List<Extension> extensions) {
    Map<String, Carried<?>> byKey = new LinkedHashMap<>();
    for (Carried<?> store : builder.carried) {
      byKey.put(store.key, store);
    }
    this.carried = Collections.unmodifiableMap(byKey);
    this.carriedInOrder = builder.carried.toArray(new Carried<?>[0]);
    this.extensions = List.copyOf(extensions);
    this.reports = new PropagationReports(builder.reporter);
    Set<String> names = new LinkedHashSet<>();
    names.add(BAGGAGE);
    for (Extension extension : extensions) {
      names.addAll(extension.fields());
    }
    this.fields = List.copyOf(names);
  }

  /**
   * Starts a propagation that carries no store yet; its extensions are found with {@link
   * ServiceLoader} when it is built.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The header names this propagation writes and reads: {@code baggage} and its extensions'.
   * Transports that must declare their headers ahead (gRPC's {@code Metadata.Key}) use these.
   *
   * @return the header names, lower case
   */
  public List<String> fields() {
    return fields;
  }

  /**
   * Writes the current context's carried stores, the entries that arrived with it for other
   * services, and the extensions' fields into {@code carrier}.
   *
   * @param carrier where the headers go
   * @param setter how to set one header on it
   * @param <C> the carrier's type
   * @throws NullPointerException if {@code carrier} or {@code setter} is null
   */
  public <C> void inject(C carrier, HeaderSetter<C> setter) {
    Objects.requireNonNull(carrier, "carrier");
    Objects.requireNonNull(setter, "setter");
    Map<String, String> forwarded = FORWARDED.getStore();
    if (extensions.isEmpty() && forwarded == null) {
      // The common case: the carried stores alone, whose keys are distinct by construction
      List<String> members = new ArrayList<>(carriedInOrder.length);
      for (Carried<?> store : carriedInOrder) {
        String member = store.encodeCurrent(reports);
        if (member != null) {
          members.add(member);
        }
      }
      setBaggage(carrier, setter, BaggageCodec.join(members, reports));
      return;
    }
    BiConsumer<String, String> headers = (name, value) -> setter.set(carrier, name, value);
    Map<String, String> members = new LinkedHashMap<>();
    for (Carried<?> store : carried.values()) {
      String member = store.encodeCurrent(reports);
      if (member != null) {
        members.put(store.key, member);
      }
    }
    for (Extension extension : extensions) {
      Map<String, String> added = new LinkedHashMap<>();
      try {
        extension.inject(headers, added);
      } catch (RuntimeException failure) {
        reports.report("extension failed", extension.getClass().getName() + " could not write its fields: " + failure);
        continue;
      }
      added.forEach(
          (key, value) -> {
            if (BaggageCodec.isKey(key) && value != null) {
              members.putIfAbsent(key, key + "=" + BaggageCodec.encode(value));
            }
          });
    }
    if (forwarded != null) {
      forwarded.forEach(members::putIfAbsent);
    }
    setBaggage(carrier, setter, BaggageCodec.join(members.values(), reports));
  }

  private static <C> void setBaggage(C carrier, HeaderSetter<C> setter, String baggage) {
    if (baggage != null) {
      setter.set(carrier, BAGGAGE, baggage);
    }
  }

  /**
   * As {@link #inject(Object, HeaderSetter)}, for the stores of {@code context} instead of the
   * current ones.
   *
   * @param context the context whose stores go out
   * @param carrier where the headers go
   * @param setter how to set one header on it
   * @param <C> the carrier's type
   * @throws NullPointerException if an argument is null
   */
  public <C> void inject(Snapshot context, C carrier, HeaderSetter<C> setter) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(carrier, "carrier");
    Objects.requireNonNull(setter, "setter");
    context.run(() -> inject(carrier, setter));
  }

  /**
   * The current context's headers, as {@link #inject(Object, HeaderSetter)} writes them.
   *
   * @return header names and values, in the order written
   */
  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    inject(headers, Map::put);
    return headers;
  }

  /**
   * Reads the headers of an incoming request or message into the context to handle it in: the
   * current context, plus each carried store found in the baggage, the entries for other services,
   * and what the extensions read. A store whose entry is missing, malformed or rejected by its
   * decoder keeps its current value; the problem is reported, never thrown.
   *
   * @param carrier the incoming headers
   * @param getter how to read one header from them
   * @param <C> the carrier's type
   * @return the context to run the handler in
   * @throws NullPointerException if {@code carrier} or {@code getter} is null
   */
  public <C> Snapshot extract(C carrier, HeaderGetter<C> getter) {
    Objects.requireNonNull(carrier, "carrier");
    Objects.requireNonNull(getter, "getter");
    Received received = new Received(AsyncLocalStorage.snapshot());
    String baggage = read(carrier, getter, BAGGAGE);
    if (baggage != null) {
      BaggageCodec.parse(baggage, reports, received);
    }
    Snapshot context = received.context;
    if (!extensions.isEmpty()) {
      Function<String, String> headers = name -> read(carrier, getter, name);
      Map<String, String> entries = Collections.unmodifiableMap(received.entries);
      for (Extension extension : extensions) {
        try {
          context = Objects.requireNonNull(extension.extract(context, headers, entries), "extracted context");
        } catch (RuntimeException failure) {
          reports.report("extension failed", extension.getClass().getName() + " could not read its fields: " + failure);
        }
      }
    }
    return received.forwarded == null
        ? context.without(FORWARDED)
        : context.with(FORWARDED, Collections.unmodifiableMap(received.forwarded));
  }

  /** The baggage members of one incoming header, as they are parsed. */
  private final class Received implements BaggageCodec.MemberConsumer {
    Snapshot context;
    /** Every entry, first of each key, for the extensions; null without extensions. */
    final Map<String, String> entries = extensions.isEmpty() ? null : new LinkedHashMap<>();
    /** Entries for no carried store, as received; null until one comes. */
    Map<String, String> forwarded;
    /** Which carried stores an entry was decoded for: the first entry of a key wins. */
    private final boolean[] decoded = new boolean[carriedInOrder.length];

    Received(Snapshot context) {
      this.context = context;
    }

    @Override
    public void accept(String key, String value, String member) {
      if (entries != null) {
        entries.putIfAbsent(key, value);
      }
      Carried<?> store = carried.get(key);
      if (store == null) {
        if (forwarded == null) {
          forwarded = new LinkedHashMap<>();
        }
        forwarded.putIfAbsent(key, member);
      } else if (!decoded[store.position]) {
        decoded[store.position] = true;
        context = store.decodeInto(context, value, reports);
      }
    }
  }

  /**
   * As {@link #extract(Object, HeaderGetter)}, for headers as a map from name to values, such as
   * {@code com.sun.net.httpserver.Headers} or {@code HttpHeaders.map()}. Names are matched without
   * regard to case, and several values of one header are joined with commas.
   *
   * @param headers the incoming headers
   * @return the context to run the handler in
   * @throws NullPointerException if {@code headers} is null
   */
  public Snapshot extract(Map<String, List<String>> headers) {
    return extract(Objects.requireNonNull(headers, "headers"), ContextPropagation::header);
  }

  private <C> String read(C carrier, HeaderGetter<C> getter, String name) {
    try {
      return getter.get(carrier, name);
    } catch (RuntimeException failure) {
      reports.report("unreadable header", "the \"" + name + "\" header could not be read: " + failure);
      return null;
    }
  }

  private static String header(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    if (values == null) {
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
          values = header.getValue();
          break;
        }
      }
    }
    return values == null || values.isEmpty() ? null : String.join(",", values);
  }

  @Override
  public String toString() {
    return "ContextPropagation" + carried.keySet() + (extensions.isEmpty() ? "" : " with " + extensions);
  }

  /**
   * Sets one header on an outgoing carrier.
   *
   * @param <C> the carrier's type
   */
  @FunctionalInterface
  public interface HeaderSetter<C> {
    /**
     * Sets header {@code name} to {@code value}, replacing any.
     *
     * @param carrier the carrier
     * @param name the header's name, lower case
     * @param value its value
     */
    void set(C carrier, String name, String value);
  }

  /**
   * Reads one header of an incoming carrier.
   *
   * @param <C> the carrier's type
   */
  @FunctionalInterface
  public interface HeaderGetter<C> {
    /**
     * The value of header {@code name}, several values joined with commas, or null when absent.
     *
     * @param carrier the carrier
     * @param name the header's name, lower case
     * @return its value, or null
     */
    String get(C carrier, String name);
  }

  /**
   * Fields that travel beside the stores, found with {@link ServiceLoader} (a file {@code
   * META-INF/services/dev.baton.ContextPropagation$Extension}) when a propagation is built, or
   * given to {@link Builder#extension}. A failing extension is reported and skipped; the stores
   * travel regardless.
   */
  public interface Extension {
    /**
     * The header names this extension writes and reads, lower case.
     *
     * @return the names
     */
    List<String> fields();

    /**
     * Writes this extension's headers for the current context.
     *
     * @param headers sets one header
     * @param baggage baggage entries to add (key, decoded value); carried stores take precedence
     */
    void inject(BiConsumer<String, String> headers, Map<String, String> baggage);

    /**
     * Adds what this extension reads from incoming headers to {@code context}.
     *
     * @param context the context extracted so far
     * @param headers reads one header, null when absent
     * @param baggage every baggage entry received (key, decoded value), read only
     * @return the context with this extension's values
     */
    Snapshot extract(Snapshot context, Function<String, String> headers, Map<String, String> baggage);
  }

  /** Builds a {@link ContextPropagation}. */
  public static final class Builder {

    private final List<Carried<?>> carried = new ArrayList<>();
    private final List<Extension> extensions = new ArrayList<>();
    private boolean discover = true;
    private Consumer<String> reporter;

    private Builder() {}

    /**
     * Carries {@code storage}'s store, a string, under the storage's name.
     *
     * @param storage a named storage
     * @return this builder
     * @throws NullPointerException if {@code storage} is null
     * @throws IllegalArgumentException if the storage's name is not a W3C baggage key, or is
     *     carried already
     */
    public Builder carry(AsyncLocalStorage<String> storage) {
      return carry(storage, Function.identity(), Function.identity());
    }

    /**
     * Carries {@code storage}'s store under the storage's name, written with {@code encoder} and
     * read back with {@code decoder}. Either may throw for a value it rejects: the entry is then
     * left out and reported.
     *
     * @param storage a named storage
     * @param encoder turns a store into the text that travels
     * @param decoder turns that text back into a store
     * @param <T> the type of the store
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the storage's name is not a W3C baggage key, or is
     *     carried already
     */
    public <T> Builder carry(
        AsyncLocalStorage<T> storage, Function<? super T, String> encoder, Function<String, ? extends T> decoder) {
      Objects.requireNonNull(storage, "storage");
      Objects.requireNonNull(encoder, "encoder");
      Objects.requireNonNull(decoder, "decoder");
      String key = storage.name();
      if (!BaggageCodec.isKey(key)) {
        throw new IllegalArgumentException(
            "A carried storage needs a name that is a W3C baggage key (letters, digits and"
                + " !#$%&'*+-.^_`|~); this one has "
                + (key == null || key.isEmpty() ? "none" : "\"" + key + "\""));
      }
      for (Carried<?> other : carried) {
        if (other.key.equals(key)) {
          throw new IllegalArgumentException("A storage named \"" + key + "\" is carried already");
        }
      }
      carried.add(new Carried<>(storage, encoder, decoder, carried.size()));
      return this;
    }

    /**
     * Adds {@code extension}'s fields, beside those found with {@link ServiceLoader}.
     *
     * @param extension the extension
     * @return this builder
     * @throws NullPointerException if {@code extension} is null
     */
    public Builder extension(Extension extension) {
      extensions.add(Objects.requireNonNull(extension, "extension"));
      return this;
    }

    /**
     * Uses only the extensions given to {@link #extension}, none found with {@link ServiceLoader}.
     *
     * @return this builder
     */
    public Builder withoutDiscoveredExtensions() {
      discover = false;
      return this;
    }

    /**
     * Sends reports of malformed or rejected input to {@code reporter} instead of {@code
     * System.Logger}. Reports of one kind are thinned out as they repeat (the 1st, 10th, 100th...)
     * so that a peer sending bad headers cannot flood the log.
     *
     * @param reporter receives each report, with its count
     * @return this builder
     * @throws NullPointerException if {@code reporter} is null
     */
    public Builder onMalformed(Consumer<String> reporter) {
      this.reporter = Objects.requireNonNull(reporter, "reporter");
      return this;
    }

    /**
     * Builds the propagation.
     *
     * @return an immutable propagation
     */
    public ContextPropagation build() {
      List<Extension> all = new ArrayList<>(extensions);
      if (discover) {
        for (Extension found : discovered()) {
          boolean given = false;
          for (Extension extension : extensions) {
            given |= extension.getClass() == found.getClass();
          }
          if (!given) {
            all.add(found);
          }
        }
      }
      return new ContextPropagation(this, all);
    }

    /** The application's extensions: Baton's classes may be on the boot class path, under the agent. */
    private static List<Extension> discovered() {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        loader = ClassLoader.getSystemClassLoader();
      }
      List<Extension> found = new ArrayList<>();
      for (Extension extension : ServiceLoader.load(Extension.class, loader)) {
        found.add(extension);
      }
      return found;
    }
  }

  private static final class Carried<T> {

    final String key;
    /** Its place among the carried stores. */
    final int position;
    private final AsyncLocalStorage<T> storage;
    private final Function<? super T, String> encoder;
    private final Function<String, ? extends T> decoder;

    Carried(
        AsyncLocalStorage<T> storage,
        Function<? super T, String> encoder,
        Function<String, ? extends T> decoder,
        int position) {
      this.key = storage.name();
      this.position = position;
      this.storage = storage;
      this.encoder = encoder;
      this.decoder = decoder;
    }

    /** The baggage member for the current store, or null. */
    String encodeCurrent(PropagationReports reports) {
      T store = storage.getStore();
      if (store == null) {
        return null;
      }
      String text;
      try {
        text = encoder.apply(store);
      } catch (RuntimeException failure) {
        reports.report("encoder of \"" + key + "\" failed", "it threw " + failure + "; the entry is left out");
        return null;
      }
      if (text == null) {
        reports.report("encoder of \"" + key + "\" failed", "it returned null; the entry is left out");
        return null;
      }
      return key + "=" + BaggageCodec.encode(text);
    }

    Snapshot decodeInto(Snapshot context, String text, PropagationReports reports) {
      T store;
      try {
        store = decoder.apply(text);
      } catch (RuntimeException failure) {
        reports.report("decoder of \"" + key + "\" rejected a value", failure + "; the store keeps its value");
        return context;
      }
      if (store == null) {
        reports.report("decoder of \"" + key + "\" rejected a value", "it returned null; the store keeps its value");
        return context;
      }
      return context.with(storage, store);
    }
  }
}

package dev.baton;

import dev.baton.internal.propagation.BaggageCodec;
import dev.baton.internal.propagation.PropagationReports;
import dev.baton.internal.propagation.ReceivedBaggage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
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
 * next hop, properties included, and so does a carried store's entry while its value is the one
 * it arrived with. Nothing a peer sends makes {@code extract} or {@code inject} throw: a malformed
 * entry or property, a value a decoder rejects, or a header over the limits is left out and
 * reported (through {@code System.Logger} "dev.baton.ContextPropagation", or {@link
 * Builder#onMalformed}), and the rest of the header is used. An encoder that throws on {@code
 * inject} leaves its entry out the same way.
 *
 * <p>{@link Extension}s found with {@link ServiceLoader} add fields of their own: with {@code
 * baton-opentelemetry}, the W3C trace context ({@code traceparent}, {@code tracestate}) and
 * OpenTelemetry's own baggage entries travel with the stores. Immutable and thread-safe.
 */
public final class ContextPropagation {

  /** The W3C baggage header. */
  public static final String BAGGAGE = "baggage";

  /** The baggage a context arrived with: forwarded to the next hop, and compared to on the way out. */
  private static final AsyncLocalStorage<ReceivedBaggage> RECEIVED = new AsyncLocalStorage<>();

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
   * services, and the extensions' fields into {@code carrier}. What is written depends on nothing
   * a peer sent being well-formed: every header value is printable ASCII without spaces, which
   * HTTP/1.1, HTTP/2 and gRPC metadata accept. A failure of the carrier itself (a setter that
   * throws) reaches the caller, whether Baton or an extension was writing.
   *
   * @param carrier where the headers go
   * @param setter how to set one header on it
   * @param <C> the carrier's type
   * @throws NullPointerException if {@code carrier} or {@code setter} is null
   */
  public <C> void inject(C carrier, HeaderSetter<C> setter) {
    Objects.requireNonNull(carrier, "carrier");
    Objects.requireNonNull(setter, "setter");
    ReceivedBaggage received = RECEIVED.getStore();
    List<String> members = new ArrayList<>(carriedInOrder.length + (received == null ? 0 : received.size()));
    // Carried stores first, then what extensions changed or added, then the rest as it came: a
    // peer's entries cannot push this service's stores over the limits
    for (Carried<?> store : carriedInOrder) {
      String text = store.encodeCurrent(reports);
      if (text != null) {
        int index = received == null ? -1 : received.indexOf(store.key);
        members.add(
            index >= 0 && received.value(index).equals(text)
                ? received.member(index)
                : store.key + "=" + BaggageCodec.encode(text));
      }
    }
    // The keys extensions wrote, which the received entries no longer stand for
    Set<String> written = extensions.isEmpty() ? Set.of() : injectExtensions(carrier, setter, received, members);
    if (received != null) {
      for (int i = 0; i < received.size(); i++) {
        String key = received.key(i);
        if (!carried.containsKey(key) && !written.contains(key)) {
          members.add(received.member(i));
        }
      }
    }
    setBaggage(carrier, setter, BaggageCodec.join(members, reports));
  }

  private <C> Set<String> injectExtensions(
      C carrier, HeaderSetter<C> setter, ReceivedBaggage received, List<String> members) {
    Set<String> written = new HashSet<>();
    BiConsumer<String, String> headers =
        (name, value) -> {
          try {
            setter.set(carrier, name, value);
          } catch (RuntimeException failure) {
            throw new CarrierFailure(failure);
          }
        };
    for (Extension extension : extensions) {
      List<BaggageEntry> added = new ArrayList<>();
      try {
        extension.inject(headers, added::add);
      } catch (CarrierFailure failure) {
        throw failure.getCause();
      } catch (RuntimeException failure) {
        reports.report("extension failed", extension.getClass().getName() + " could not write its fields: " + failure);
        continue;
      }
      for (BaggageEntry entry : added) {
        String key = entry.key();
        if (!BaggageCodec.isKey(key)) {
          reports.report(
              "extension gave an invalid baggage key",
              extension.getClass().getName() + " gave a key that is not an HTTP token; the entry is left out");
          continue;
        }
        if (carried.containsKey(key) || written.contains(key)) {
          continue; // carried stores, and the first extension to give a key, take precedence
        }
        int index = received == null ? -1 : received.indexOf(key);
        if (index >= 0 && isAsReceived(entry, received, index)) {
          continue; // goes on as it came, with the rest of the received entries
        }
        written.add(key);
        members.add(BaggageCodec.member(key, entry.value(), entry.properties(), reports));
      }
    }
    return written;
  }

  private static boolean isAsReceived(BaggageEntry entry, ReceivedBaggage received, int index) {
    if (!entry.value().equals(received.value(index))) {
      return false;
    }
    return entry.properties().equals(received.properties(index));
  }

  /** A carrier's own failure, carried through an extension to be thrown to the caller as it was. */
  private static final class CarrierFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CarrierFailure(RuntimeException cause) {
      super(cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
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
   * decoder keeps its current value; the problem is reported, never thrown. Of several entries
   * with one key, the last counts, as OpenTelemetry reads them. Reading stops at the W3C limits
   * (64 members, 8192 bytes), so no header costs more than one of that size.
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
    Snapshot context = AsyncLocalStorage.snapshot();
    String baggage = read(carrier, getter, BAGGAGE);
    ReceivedBaggage received = baggage == null ? null : BaggageCodec.parse(baggage, reports);
    if (received != null) {
      for (Carried<?> store : carriedInOrder) {
        int index = received.indexOf(store.key);
        if (index >= 0) {
          context = store.decodeInto(context, received.value(index), reports);
        }
      }
    }
    if (!extensions.isEmpty()) {
      Function<String, String> headers = name -> read(carrier, getter, name);
      List<BaggageEntry> entries = entries(received);
      for (Extension extension : extensions) {
        try {
          context = Objects.requireNonNull(extension.extract(context, headers, entries), "extracted context");
        } catch (RuntimeException failure) {
          reports.report("extension failed", extension.getClass().getName() + " could not read its fields: " + failure);
        }
      }
    }
    return received == null || !forwardsAnything(received)
        ? context.without(RECEIVED)
        : context.with(RECEIVED, received);
  }

  /**
   * Whether the next hop gets more from {@code received} than the carried stores' values: entries
   * for other services, or properties. Between services that carry the same stores, nothing, and
   * the context stays as small as the stores make it.
   */
  private boolean forwardsAnything(ReceivedBaggage received) {
    for (int i = 0; i < received.size(); i++) {
      if (!carried.containsKey(received.key(i)) || !received.properties(i).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static List<BaggageEntry> entries(ReceivedBaggage received) {
    if (received == null) {
      return List.of();
    }
    BaggageEntry[] entries = new BaggageEntry[received.size()];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = new BaggageEntry(received.key(i), received.value(i), received.properties(i));
    }
    return List.of(entries);
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
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() == 1) {
      return values.get(0);
    }
    // Joined no further than the limit a reader looks at: a peer's many values cost no more
    StringBuilder joined = new StringBuilder();
    for (String value : values) {
      if (joined.length() > BaggageCodec.MAX_BYTES) {
        break;
      }
      if (value != null) {
        joined.append(joined.length() == 0 ? "" : ",").append(value);
      }
    }
    return joined.toString();
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
     * Writes this extension's headers for the current context. Baggage entries it gives go out
     * beside the stores: a carried store's own entry takes precedence over one of the same key,
     * and an entry with the value and properties it arrived with goes on exactly as it came.
     *
     * @param headers sets one header; a failure of the carrier's own setter is thrown from it,
     *     and reaches the caller of {@code inject} as it was
     * @param baggage takes each baggage entry to add
     */
    void inject(BiConsumer<String, String> headers, Consumer<BaggageEntry> baggage);

    /**
     * Adds what this extension reads from incoming headers to {@code context}.
     *
     * @param context the context extracted so far
     * @param headers reads one header, null when absent
     * @param baggage every valid baggage entry received, stores included, the last of each key
     * @return the context with this extension's values
     */
    Snapshot extract(Snapshot context, Function<String, String> headers, List<BaggageEntry> baggage);
  }

  /**
   * One baggage list member: a key, its decoded value, and its properties as W3C text ({@code
   * origin=edge;sampled}), between an {@link Extension} and the header. Immutable.
   */
  public static final class BaggageEntry {

    private final String key;
    private final String value;
    private final String properties;

    private BaggageEntry(String key, String value, String properties) {
      this.key = key;
      this.value = value;
      this.properties = properties;
    }

    /**
     * An entry without properties.
     *
     * @param key its key, an HTTP token (an entry with another key is left out and reported)
     * @param value its value, any text
     * @return the entry
     * @throws NullPointerException if an argument is null
     */
    public static BaggageEntry of(String key, String value) {
      return of(key, value, "");
    }

    /**
     * An entry with properties. Those that are not valid W3C properties are left out when it is
     * written, and reported; the entry goes out with the others.
     *
     * @param key its key, an HTTP token (an entry with another key is left out and reported)
     * @param value its value, any text
     * @param properties its properties, "" for none
     * @return the entry
     * @throws NullPointerException if an argument is null
     */
    public static BaggageEntry of(String key, String value, String properties) {
      return new BaggageEntry(
          Objects.requireNonNull(key, "key"),
          Objects.requireNonNull(value, "value"),
          Objects.requireNonNull(properties, "properties"));
    }

    /**
     * The key.
     *
     * @return the key
     */
    public String key() {
      return key;
    }

    /**
     * The value, decoded.
     *
     * @return the value
     */
    public String value() {
      return value;
    }

    /**
     * The properties, as W3C text joined with semicolons; for a received entry, those that were
     * valid, without spaces around them.
     *
     * @return the properties, "" for none
     */
    public String properties() {
      return properties;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof BaggageEntry
          && key.equals(((BaggageEntry) other).key)
          && value.equals(((BaggageEntry) other).value)
          && properties.equals(((BaggageEntry) other).properties);
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, value, properties);
    }

    @Override
    public String toString() {
      return key + "=" + value + (properties.isEmpty() ? "" : ";" + properties);
    }
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

    /** The text of the current store, as its encoder writes it, or null. */
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
      return text;
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

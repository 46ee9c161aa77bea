package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ContextPropagationTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final AsyncLocalStorage<Integer> ATTEMPT = new AsyncLocalStorage<>("attempt");
  private static final AsyncLocalStorage<String> UNCARRIED = new AsyncLocalStorage<>("uncarried");

  private final List<String> reports = new ArrayList<>();
  private final ContextPropagation propagation =
      ContextPropagation.builder()
          .carry(REQUEST_ID)
          .carry(ATTEMPT, String::valueOf, Integer::valueOf)
          .onMalformed(reports::add)
          .withoutDiscoveredExtensions()
          .build();

  private static Map<String, String> received(String baggage) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("baggage", baggage);
    return headers;
  }

  private Snapshot extract(String baggage) {
    return propagation.extract(received(baggage), Map::get);
  }

  @Test
  void carriedStoresGoOutAsBaggageAndComeBackAsTheContextToHandleIn() {
    Map<String, String> headers =
        REQUEST_ID.call("r-1", () -> ATTEMPT.call(2, () -> UNCARRIED.call("local", propagation::headers)));

    assertThat(headers).containsExactly(Map.entry("baggage", "requestId=r-1,attempt=2"));
    List<Object> seen = new ArrayList<>();
    propagation.extract(headers, Map::get).run(() -> {
      seen.add(REQUEST_ID.getStore());
      seen.add(ATTEMPT.getStore());
      seen.add(UNCARRIED.getStore());
    });
    assertThat(seen).containsExactly("r-1", 2, null);
    assertThat(reports).isEmpty();
  }

  @Test
  void valuesArePercentEncodedAsUtf8AndDecodedBack() {
    String value = "a b,c;d\\e\"f%g=h/é€😀";

    String baggage = REQUEST_ID.call(value, propagation::headers).get("baggage");

    assertThat(baggage).isEqualTo("requestId=a%20b%2Cc%3Bd%5Ce%22f%25g=h/%C3%A9%E2%82%AC%F0%9F%98%80");
    assertThat(extract(baggage).run(REQUEST_ID::getStore)).isEqualTo(value);
  }

  @Test
  void nothingIsWrittenWhenNoCarriedStoreIsSet() {
    assertThat(propagation.headers()).isEmpty();
  }

  @Test
  void entriesForOtherServicesTravelOnUnchangedPropertiesIncluded() {
    Snapshot context = extract("other=x%20y;prop=1, requestId=r-2 ,third=3");

    Map<String, String> next = context.run(propagation::headers);

    assertThat(next).containsExactly(Map.entry("baggage", "requestId=r-2,other=x%20y;prop=1,third=3"));
  }

  @Test
  void anEntryReceivedForAStoreReplacesItAndOtherStoresKeepTheirValues() {
    Snapshot context =
        REQUEST_ID.call("local", () -> ATTEMPT.call(1, () -> extract("attempt=5")));

    assertThat(context.run(() -> REQUEST_ID.getStore() + "/" + ATTEMPT.getStore())).isEqualTo("local/5");
  }

  @Test
  void malformedEntriesAreLeftOutAndReportedAndTheRestIsUsed() {
    Snapshot context = extract("no-equals,bad key=1,requestId=r-3,attempt=%zz,x=a\"b,=v");

    assertThat(context.run(REQUEST_ID::getStore)).isEqualTo("r-3");
    assertThat(context.run(ATTEMPT::getStore)).isNull();
    assertThat(reports)
        .containsExactly(
            "Baton propagation: malformed baggage member: 5 members left out, the first for no valid key in \"no-equals\"");
  }

  @Test
  void aDecoderThatRejectsAValueLeavesTheStoreAsItWasAndIsReported() {
    Snapshot context = ATTEMPT.call(1, () -> extract("attempt=many,requestId=r-4"));

    assertThat(context.run(() -> ATTEMPT.getStore() + "/" + REQUEST_ID.getStore())).isEqualTo("1/r-4");
    assertThat(reports)
        .singleElement()
        .asString()
        .contains("decoder of \"attempt\" rejected a value")
        .contains("NumberFormatException");
  }

  @Test
  void anEncoderThatThrowsLeavesItsEntryOutAndTheOthersGo() {
    ContextPropagation failing =
        ContextPropagation.builder()
            .carry(REQUEST_ID)
            .carry(ATTEMPT, attempt -> {
              throw new IllegalStateException("cannot encode " + attempt);
            }, Integer::valueOf)
            .onMalformed(reports::add)
            .withoutDiscoveredExtensions()
            .build();

    Map<String, String> headers = REQUEST_ID.call("r-5", () -> ATTEMPT.call(3, failing::headers));

    assertThat(headers).containsExactly(Map.entry("baggage", "requestId=r-5"));
    assertThat(reports).singleElement().asString().contains("encoder of \"attempt\" failed").contains("cannot encode 3");
  }

  @Test
  void aHeaderOverTheLimitsIsCutAtWholeEntries() {
    StringBuilder many = new StringBuilder("requestId=r-6");
    for (int i = 0; i < 100; i++) {
      many.append(",k").append(i).append("=v");
    }

    Snapshot context = extract(many.toString());
    String forwarded = context.run(propagation::headers).get("baggage");

    assertThat(context.run(REQUEST_ID::getStore)).isEqualTo("r-6");
    assertThat(forwarded.split(",")).hasSize(64).endsWith("k62=v");
    assertThat(reports)
        .containsExactly("Baton propagation: incoming baggage over 64 members: the members after the 64th valid one are left out");
  }

  @Test
  void anOutgoingValueThatCannotFitIsLeftOutWhole() {
    String huge = "x".repeat(9000);

    Map<String, String> headers = REQUEST_ID.call(huge, () -> ATTEMPT.call(7, propagation::headers));

    assertThat(headers).containsExactly(Map.entry("baggage", "attempt=7"));
    assertThat(reports).singleElement().asString().contains("outgoing baggage over the limits: 1 entries left out");
  }

  @Test
  void aFailingHeaderReadOrReporterNeverReachesTheRequest() {
    ContextPropagation throwingReporter =
        ContextPropagation.builder()
            .carry(REQUEST_ID)
            .onMalformed(report -> {
              throw new IllegalStateException("reporter down");
            })
            .withoutDiscoveredExtensions()
            .build();

    Snapshot context =
        throwingReporter.extract(new Object(), (carrier, name) -> {
          throw new IllegalStateException("headers unavailable");
        });

    assertThat(context.run(REQUEST_ID::getStore)).isNull();
  }

  @Test
  void reportsOfOneKindAreThinnedOutAsTheyRepeat() {
    for (int i = 0; i < 120; i++) {
      extract("broken");
    }

    assertThat(reports).hasSize(3);
    assertThat(reports.get(1)).endsWith("(10 times so far; reports of this kind are thinned out)");
    assertThat(reports.get(2)).contains("(100 times so far");
  }

  @Test
  void headerNamesOfAMapAreMatchedWithoutRegardToCaseAndValuesJoined() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Baggage", List.of("requestId=r-7", "attempt=8"));

    Snapshot context = propagation.extract(headers);

    assertThat(context.run(() -> REQUEST_ID.getStore() + "/" + ATTEMPT.getStore())).isEqualTo("r-7/8");
  }

  @Test
  void anExtensionWritesAndReadsItsFieldsBesideTheStores() {
    AsyncLocalStorage<String> trace = new AsyncLocalStorage<>();
    ContextPropagation.Extension tracing =
        new ContextPropagation.Extension() {
          @Override
          public List<String> fields() {
            return List.of("traceparent");
          }

          @Override
          public void inject(BiConsumer<String, String> headers, Consumer<ContextPropagation.BaggageEntry> baggage) {
            String id = trace.getStore();
            if (id != null) {
              headers.accept("traceparent", id);
              baggage.accept(ContextPropagation.BaggageEntry.of("requestId", "ignored: the store wins"));
              baggage.accept(ContextPropagation.BaggageEntry.of("vendor", "a b", "p=1"));
            }
          }

          @Override
          public Snapshot extract(
              Snapshot context, Function<String, String> headers, List<ContextPropagation.BaggageEntry> baggage) {
            String id = headers.apply("traceparent");
            return id == null ? context : context.with(trace, id + " with " + baggage.get(1));
          }
        };
    ContextPropagation withTracing =
        ContextPropagation.builder().carry(REQUEST_ID).extension(tracing).withoutDiscoveredExtensions().build();

    Map<String, String> headers = trace.call("00-abc", () -> REQUEST_ID.call("r-8", withTracing::headers));

    assertThat(withTracing.fields()).containsExactly("baggage", "traceparent");
    assertThat(headers).containsExactly(Map.entry("traceparent", "00-abc"), Map.entry("baggage", "requestId=r-8,vendor=a%20b;p=1"));
    assertThat(withTracing.extract(headers, Map::get).run(trace::getStore)).isEqualTo("00-abc with vendor=a b;p=1");
  }

  @Test
  void badConfigurationIsRejectedWithAMessageNamingIt() {
    ContextPropagation.Builder builder = ContextPropagation.builder();

    assertThatThrownBy(() -> builder.carry(null)).isInstanceOf(NullPointerException.class).hasMessage("storage");
    assertThatThrownBy(() -> builder.carry(new AsyncLocalStorage<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("this one has none");
    assertThatThrownBy(() -> builder.carry(new AsyncLocalStorage<>("has space")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("this one has \"has space\"");
    builder.carry(REQUEST_ID);
    assertThatThrownBy(() -> builder.carry(new AsyncLocalStorage<>("requestId")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A storage named \"requestId\" is carried already");
    assertThatThrownBy(() -> propagation.extract((Map<String, String>) null, Map::get)).hasMessage("carrier");
    assertThatThrownBy(() -> propagation.inject(new LinkedHashMap<String, String>(), null)).hasMessage("setter");
  }
}

package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The W3C Baggage rules where services no one here wrote meet Baton: what is read from a peer's
 * header, what goes on to the next hop, and that no header costs more than the limits allow.
 */
class BaggageRulesTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  private final List<String> reports = new ArrayList<>();
  private final ContextPropagation propagation =
      ContextPropagation.builder().carry(REQUEST_ID).onMalformed(reports::add).withoutDiscoveredExtensions().build();

  private Snapshot extract(String baggage) {
    return propagation.extract(Map.of("baggage", List.of(baggage)));
  }

  /** What a service that received {@code baggage} sends to the next hop. */
  private String forwarded(String baggage) {
    return extract(baggage).run(propagation::headers).get("baggage");
  }

  private String requestIdFrom(String baggage) {
    return extract(baggage).run(REQUEST_ID::getStore);
  }

  @ParameterizedTest(name = "[{index}]")
  @ValueSource(strings = {"\u0001", "\u0000", "\u007f", "\n", "\u00e9", "\"", "\\"})
  void aPropertyThatIsNotAW3cPropertyIsLeftOutItsMemberKeptAndReported(String bad) {
    String forwarded = forwarded("ok=1;p" + bad + "q;good=2,requestId=r-1");

    assertThat(forwarded).isEqualTo("requestId=r-1,ok=1;good=2");
    assertThat(reports)
        .singleElement()
        .asString()
        .startsWith("Baton propagation: malformed baggage property: 1 property left out (their members kept), the first \"p");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1/"));
    extract("ok=1;p" + bad + "q").run(() -> propagation.inject(request, HttpRequest.Builder::setHeader));
    assertThat(request.build().headers().firstValue("baggage")).hasValue("ok=1");
  }

  @Test
  void reportsShowAPeersCharactersEscapedNotRaw() {
    extract("bad\nkey=1");

    assertThat(reports).singleElement().asString().endsWith("no valid key in \"bad\\u000akey=1\"");
  }

  @Test
  void propertiesTravelOnWithTheirMembersWithoutTheSpacesAroundThem() {
    assertThat(forwarded("key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue"))
        .isEqualTo("key1=value1;property1;property2,key2=value2,key3=value3;propertyKey=propertyValue");
    assertThat(propagation.extract(Map.of("baggage", List.of("a=1;pa", "b=2;pb"))).run(propagation::headers))
        .containsExactly(Map.entry("baggage", "a=1;pa,b=2;pb"));
    assertThat(forwarded("k=v;\tp = x ;;q")).isEqualTo("k=v;p=x;q");
    assertThat(reports).isEmpty();
  }

  @Test
  void aCarriedStoreKeepsThePropertiesItArrivedWithUntilItsValueChanges() {
    Snapshot received = extract("requestId=req-9;origin=edge,other=1");

    assertThat(received.run(propagation::headers)).containsExactly(Map.entry("baggage", "requestId=req-9;origin=edge,other=1"));
    assertThat(received.run(() -> REQUEST_ID.call("req-10", propagation::headers)))
        .containsExactly(Map.entry("baggage", "requestId=req-10,other=1"));
    assertThat(received.run(() -> REQUEST_ID.exit(propagation::headers)))
        .as("a store this service removed is not sent on")
        .containsExactly(Map.entry("baggage", "other=1"));
  }

  @Test
  void ofSeveralEntriesWithOneKeyTheLastCountsAsOpenTelemetryReadsThem() {
    assertThat(forwarded("key=value1,key=value2")).isEqualTo("key=value2");
    assertThat(forwarded("dup=first;p=1,dup=second;p=2")).isEqualTo("dup=second;p=2");
    assertThat(requestIdFrom("requestId=a,requestId=b")).isEqualTo("b");
    assertThat(propagation.extract(Map.of("baggage", List.of("requestId=a", "requestId=b"))).run(REQUEST_ID::getStore))
        .as("the same key in two headers")
        .isEqualTo("b");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "%C3%28|\uFFFD(",
        "%FF|\uFFFD",
        "caf%C3|caf\uFFFD",
        "%F0%9F%98|\uFFFD",
        "%ED%A0%80|\uFFFD",
        "caf%C3%A9|caf\u00e9",
        "%|''",
        "x%|x",
        "%4|''",
        "ab%4|ab",
        "''|''",
      })
  void octetsThatAreNotUtf8BecomeReplacementCharactersAndCutEscapesEndTheValue(String value, String read) {
    assertThat(requestIdFrom("requestId=" + value)).isEqualTo(read);
    assertThat(reports).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"%zz", "a%G", "%4x", "a b", "a\"b", "a\\b", "\u00e9"})
  void aValueWithABrokenEscapeOrACharacterAValueMayNotHoldLeavesItsMemberOut(String value) {
    assertThat(requestIdFrom("requestId=" + value + ",requestId=kept-not")).isEqualTo("kept-not");
    assertThat(requestIdFrom("other=1,requestId=" + value)).isNull();
    assertThat(reports).allSatisfy(report -> assertThat(report).contains("malformed baggage member: 1 member left out"));
  }

  @Test
  void aLoneSurrogateInAStoreIsSentAsTheReplacementCharacter() {
    String baggage = REQUEST_ID.call("a\uD800b\uDC00c", propagation::headers).get("baggage");

    assertThat(baggage).isEqualTo("requestId=a%EF%BF%BDb%EF%BF%BDc");
    assertThat(extract(baggage).run(REQUEST_ID::getStore)).isEqualTo("a\uFFFDb\uFFFDc");
  }

  @Test
  void invalidMembersDoNotUseUpTheMemberLimit() {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      header.append("bad").append(i).append(',');
    }

    assertThat(requestIdFrom(header + "requestId=good")).isEqualTo("good");
  }

  @Test
  void theLimitCountsBytesAndNothingGoesOutOverIt() {
    String eAcute = "\u00e9".repeat(4000);
    Snapshot context = extract("a=1;" + eAcute + ",b=2;p");

    String forwarded = context.run(() -> REQUEST_ID.call(eAcute, propagation::headers)).get("baggage");

    assertThat(forwarded).as("a raw é is no property; the store's é are 6 bytes each as escapes").isEqualTo("a=1,b=2;p");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      many.append(i == 0 ? "" : ",").append("k").append(i).append('=').append("v".repeat(130));
    }
    String full = forwarded(many.toString());
    assertThat(full.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8192);
  }

  @Test
  void readingStopsAtTheByteLimitAndAMemberItCutsIsLeftOut() {
    String first = "requestId=r-1," + "k=" + "v".repeat(8000) + ",";
    String cut = "cut=" + "x".repeat(500);

    String header = first + cut + ",after=1";
    Snapshot context = extract(header);

    assertThat(context.run(REQUEST_ID::getStore)).isEqualTo("r-1");
    assertThat(context.run(propagation::headers).get("baggage")).startsWith("requestId=r-1,k=vvv").doesNotContain("cut", "after");
    assertThat(reports)
        .singleElement()
        .asString()
        .isEqualTo("Baton propagation: incoming baggage over 8192 bytes: what follows its first 8192 bytes is left out");
  }

  @Test
  void theFirstReportOfEachKindAlwaysShows() {
    StringBuilder tooMany = new StringBuilder();
    for (int i = 0; i < 70; i++) {
      tooMany.append("k").append(i).append("=v,");
    }
    extract(tooMany.toString());
    extract(tooMany.toString());
    extract("a=" + "x".repeat(1 << 20));

    assertThat(reports)
        .hasSize(2)
        .anySatisfy(report -> assertThat(report).contains("over 64 members"))
        .anySatisfy(report -> assertThat(report).contains("over 8192 bytes"));
  }

  @Test
  void whatAnyHeaderBringsGoesOutAsAValueEveryTransportAccepts() {
    Random random = new Random(21);
    String pieces = "=;,% \t\"\\abz09!~é\u0000\u0001\u007f\u00ff%C3%28%zz";
    for (int round = 0; round < 2_000; round++) {
      StringBuilder header = new StringBuilder();
      int length = random.nextInt(200);
      for (int i = 0; i < length; i++) {
        header.append(random.nextInt(4) == 0 ? (char) random.nextInt(256) : pieces.charAt(random.nextInt(pieces.length())));
      }
      String forwarded = forwarded(header.toString());
      if (forwarded != null) {
        assertThat(forwarded.chars()).as("forwarded from %s", header).allMatch(c -> c > 0x20 && c < 0x7f);
        HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).setHeader("baggage", forwarded);
      }
    }
  }

  @Test
  void anyHeaderCostsAtMostTwiceOneOfTheLimitsSize() {
    String limitSized = members(8192);
    String huge = members(10 << 20);
    String commas = ",".repeat(1 << 20);
    for (int i = 0; i < 5_000; i++) {
      extract(limitSized);
      extract(huge);
      extract(commas);
    }

    long atTheLimit = allocatedBy(() -> extract(limitSized), 200);

    assertThat(allocatedBy(() -> extract(huge), 200)).isLessThanOrEqualTo(2 * atTheLimit);
    assertThat(allocatedBy(() -> extract(commas), 200)).isLessThanOrEqualTo(2 * atTheLimit);
  }

  /** A header of small members, {@code size} characters long. */
  private static String members(int size) {
    StringBuilder header = new StringBuilder(size);
    for (int i = 0; header.length() < size; i++) {
      header.append(i == 0 ? "" : ",").append("k").append(i % 1000).append("=v");
    }
    header.setLength(size);
    return header.toString();
  }

  private static long allocatedBy(Runnable work, int times) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < times; i++) {
      work.run();
    }
    return threads.getThreadAllocatedBytes(thread) - before;
  }

  @Test
  void aFailingCarrierReachesTheCallerEvenWhenAnExtensionWrites() {
    AsyncLocalStorage<String> trace = new AsyncLocalStorage<>();
    ContextPropagation withTracing =
        ContextPropagation.builder()
            .carry(REQUEST_ID)
            .extension(writing(List.of("traceparent"), (headers, baggage) -> headers.accept("traceparent", trace.getStore())))
            .onMalformed(reports::add)
            .withoutDiscoveredExtensions()
            .build();
    Map<String, String> readOnly = Map.of();

    assertThatThrownBy(() -> trace.run("00-abc", () -> withTracing.inject(readOnly, Map::put)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(reports).isEmpty();
  }

  @Test
  void anExtensionsEntryThatIsNotABaggageEntryIsLeftOutAndReported() {
    ContextPropagation withVendor =
        ContextPropagation.builder()
            .extension(
                writing(
                    List.of(),
                    (headers, baggage) -> {
                      baggage.accept(ContextPropagation.BaggageEntry.of("bad key", "1"));
                      baggage.accept(ContextPropagation.BaggageEntry.of("meta", "x y", "p; q=(1);r s"));
                      baggage.accept(ContextPropagation.BaggageEntry.of("plain", "1", "origin=edge;sampled"));
                    }))
            .onMalformed(reports::add)
            .withoutDiscoveredExtensions()
            .build();

    Map<String, String> headers = new LinkedHashMap<>();
    withVendor.inject(headers, Map::put);

    assertThat(headers).containsExactly(Map.entry("baggage", "meta=x%20y;p;q=(1),plain=1;origin=edge;sampled"));
    assertThat(reports)
        .hasSize(2)
        .anySatisfy(report -> assertThat(report).contains("extension gave an invalid baggage key"))
        .anySatisfy(report -> assertThat(report).contains("malformed baggage property: 1 property left out"));
    assertThatThrownBy(() -> ContextPropagation.BaggageEntry.of(null, "v")).hasMessage("key");
    assertThatThrownBy(() -> ContextPropagation.BaggageEntry.of("k", null)).hasMessage("value");
    assertThatThrownBy(() -> ContextPropagation.BaggageEntry.of("k", "v", null)).hasMessage("properties");
  }

  /** An extension that writes what {@code inject} does, and reads nothing. */
  private static ContextPropagation.Extension writing(
      List<String> fields, BiConsumer<BiConsumer<String, String>, Consumer<ContextPropagation.BaggageEntry>> inject) {
    return new ContextPropagation.Extension() {
      @Override
      public List<String> fields() {
        return fields;
      }

      @Override
      public void inject(BiConsumer<String, String> headers, Consumer<ContextPropagation.BaggageEntry> baggage) {
        inject.accept(headers, baggage);
      }

      @Override
      public Snapshot extract(
          Snapshot context, Function<String, String> headers, List<ContextPropagation.BaggageEntry> baggage) {
        return context;
      }
    };
  }
}

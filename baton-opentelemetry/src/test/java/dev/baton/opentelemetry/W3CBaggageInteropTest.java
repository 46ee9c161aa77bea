package dev.baton.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.CapturedReports;
import dev.baton.ContextPropagation;
import dev.baton.Snapshot;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Baton beside OpenTelemetry Java's own {@link W3CBaggagePropagator}, both ways: what a Baton
 * service forwards, OpenTelemetry reads as it read the header the Baton service received, with and
 * without {@link TraceContextExtension}; what Baton writes, OpenTelemetry reads as the values set.
 */
class W3CBaggageInteropTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final W3CBaggagePropagator OPEN_TELEMETRY = W3CBaggagePropagator.getInstance();

  private static final TextMapGetter<Map<String, String>> MAP =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final List<String> reports = new ArrayList<>();

  /**
   * OpenTelemetry's parser logs each member it skips, with a stack trace: the malformed headers
   * here provoke that on purpose, so its records are kept to be asserted, not printed.
   */
  private static final CapturedReports OPEN_TELEMETRY_PARSER =
      CapturedReports.of("io.opentelemetry.api.baggage.propagation.Parser");

  @BeforeAll
  static void keepOpenTelemetrysParserRecords() {
    OPEN_TELEMETRY_PARSER.start();
  }

  @AfterAll
  static void printOpenTelemetrysParserRecordsAgain() {
    OPEN_TELEMETRY_PARSER.stop();
  }

  private ContextPropagation baton(boolean extension) {
    ContextPropagation.Builder builder = ContextPropagation.builder().carry(REQUEST_ID).onMalformed(reports::add);
    return extension ? builder.build() : builder.withoutDiscoveredExtensions().build();
  }

  /**
   * Headers from the W3C specification's examples, OpenTelemetry Java's own tests, and what
   * services no one here wrote send.
   */
  static Stream<String> corpus() {
    return Stream.of(
        // W3C Baggage examples
        "key1=value1,key2=value2",
        "key1 = value1, key2 = value2",
        "key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue",
        "userId=alice,serverNode=DF%2028,isProduction=false",
        "userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false",
        "SomeKey=SomeValue,SomeKey2=SomeValue2;SomeMetadata",
        // OpenTelemetry Java's W3CBaggagePropagatorTest
        "key=value1,key=value2",
        "  key=value1",
        "key     =value1",
        "   =value1",
        "ke y=value1",
        "ke?y=value1",
        "ke<y=value1, ;sss,key=value;meta1=value1;meta2=value2,ke(y=value;meta=val ",
        "  key=  value1",
        "key=value%201",
        "key=value1      ",
        "key=value1      ;meta1=meta2",
        "key1=",
        "key1=;metakey=metaval",
        "key1=     ",
        "key=valu e1",
        "key=val\\ue1",
        "key=  value1,key1=val",
        "key=value1      ,key1=val",
        "key1=;metakey=metaval,key1=val",
        "key1=,key1=val",
        "key=valu e1,key1=val",
        "key=value;metadata-key=value;othermetadata",
        "key1= value1; metadata-key = value; othermetadata, key2 =value2 , key3 =\tvalue3 ; ",
        "bad=va%lue,key1=value1,encoded=value%202",
        "key1=value1,bad=va%lue,encoded=value%202,key2=value2",
        "bad1=va%lue,key1=value1,bad2=value%GG,encoded=value%202,bad3=value;meta=%GG",
        "meta=meta-value;somemetadata%3B%20someother%3Dfoo,needsEncoding=blah%20blah%20blah,nometa=nometa-value",
        "!@#$%^",
        // Decoding, duplicates and carried stores
        "k=%C3%28",
        "k=%FF",
        "k=caf%C3",
        "a=%,b=%4,c=x%",
        "dup=first;p=1,dup=second;p=2",
        "requestId=req-9;origin=edge",
        "requestId=a,other=1,requestId=b",
        "requestId=%F0%9F%98%80,emoji=%F0%9F%98",
        "requestId=r-1,,,, ,other=2,");
  }

  static Stream<Arguments> corpusWithAndWithoutTheExtension() {
    return corpus().flatMap(header -> Stream.of(Arguments.of(header, false), Arguments.of(header, true)));
  }

  @ParameterizedTest(name = "extension: {1}, {0}")
  @MethodSource("corpusWithAndWithoutTheExtension")
  void openTelemetryReadsWhatBatonForwardsAsItReadTheHeaderBatonReceived(String header, boolean extension) {
    ContextPropagation baton = baton(extension);
    Snapshot received = baton.extract(Map.of("baggage", header), Map::get);
    Map<String, String> forwarded = received.run(baton::headers);

    Baggage direct = read(header);
    assertThat(entries(read(forwarded.get("baggage")))).isEqualTo(entries(direct));
    assertThat(received.run(REQUEST_ID::getStore)).isEqualTo(direct.getEntryValue("requestId"));
  }

  @Test
  void aMemberWithABadPercentEncodingIsLeftOutAndReportedByBothLikewise() {
    ContextPropagation baton = baton(true);
    OPEN_TELEMETRY_PARSER.records().clear();

    String forwarded =
        baton.extract(Map.of("baggage", "bad=va%lue,key1=value1"), Map::get).run(baton::headers).get("baggage");

    assertThat(forwarded).isEqualTo("key1=value1");
    assertThat(entries(read("bad=va%lue,key1=value1"))).isEqualTo(Map.of("key1", "value1 | "));
    assertThat(reports).isNotEmpty();
    assertThat(OPEN_TELEMETRY_PARSER.records())
        .isNotEmpty()
        .allSatisfy(record -> assertThat(record.getMessage()).isEqualTo("Skipping invalid baggage member"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ok=1;p\u0001q;good=2", "ok=1;p\u0000q;good=2", "ok=1;p\u007fq;good=2", "ok=1;p q;good=2"})
  void aPropertyThatIsNotAW3cPropertyIsLeftOutWhereOpenTelemetryKeepsItAsMetadata(String header) {
    ContextPropagation baton = baton(true);

    String forwarded = baton.extract(Map.of("baggage", header), Map::get).run(baton::headers).get("baggage");

    assertThat(forwarded).isEqualTo("ok=1;good=2");
    assertThat(read(forwarded).getEntry("ok").getMetadata().getValue()).isEqualTo("good=2");
    assertThat(reports).singleElement().asString().contains("malformed baggage property: 1 property left out");
  }

  @ParameterizedTest(name = "extension: {0}")
  @ValueSource(booleans = {false, true})
  void openTelemetryReadsTheValuesBatonWrites(boolean extension) {
    ContextPropagation baton = baton(extension);
    for (String value :
        List.of("plain", "a b,c;d\\e\"f%g=h/é€😀", "", "=;,", "\t\n", "x".repeat(1000), "%41", "lone\uD800 high\uDC00")) {
      Map<String, String> headers = REQUEST_ID.call(value, baton::headers);

      assertThat(read(headers.get("baggage")).getEntryValue("requestId"))
          .isEqualTo(value.replace('\uD800', '\uFFFD').replace('\uDC00', '\uFFFD'));
    }
  }

  @ParameterizedTest(name = "extension: {0}")
  @ValueSource(booleans = {false, true})
  void entriesAndMetadataOpenTelemetryWritesComeBackTheSameThroughABatonService(boolean extension) {
    Baggage sent =
        Baggage.builder()
            .put("plain", "v")
            .put("spaced", "a b", BaggageEntryMetadata.create("somemetadata; someother=foo"))
            .put("props", "é€", BaggageEntryMetadata.create("p=1;q"))
            .put("percent", "100%", BaggageEntryMetadata.create("50%25;x=%41"))
            .put("requestId", "r-42", BaggageEntryMetadata.create("origin=edge"))
            .build();
    Map<String, String> wire = new LinkedHashMap<>();
    OPEN_TELEMETRY.inject(Context.root().with(sent), wire, Map::put);
    ContextPropagation baton = baton(extension);

    Map<String, String> forwarded = baton.extract(wire, Map::get).run(baton::headers);

    assertThat(entries(read(forwarded.get("baggage")))).isEqualTo(entries(sent));
  }

  @Test
  void anEntryTheApplicationChangesGoesOnAsItIsNowMetadataIncluded() {
    ContextPropagation baton = baton(true);
    Snapshot received = baton.extract(Map.of("baggage", "kept=1;p,changed=old;p,requestId=r-1"), Map::get);

    Map<String, String> forwarded =
        received.run(
            () -> {
              Baggage changed =
                  Baggage.current().toBuilder()
                      .put("changed", "new value", BaggageEntryMetadata.create("a b;c=(d)"))
                      .put("added", "x", BaggageEntryMetadata.create("q=1"))
                      .build();
              try (Scope scope = Context.current().with(changed).makeCurrent()) {
                return baton.headers();
              }
            });

    Baggage read = read(forwarded.get("baggage"));
    assertThat(read.getEntry("changed").getValue()).isEqualTo("new value");
    assertThat(read.getEntry("changed").getMetadata().getValue()).as("\"a b\" is no W3C property").isEqualTo("c=(d)");
    assertThat(read.getEntry("added").getMetadata().getValue()).isEqualTo("q=1");
    assertThat(read.getEntry("kept").getMetadata().getValue()).isEqualTo("p");
    assertThat(forwarded.get("baggage")).isEqualTo("requestId=r-1,added=x;q=1,changed=new%20value;c=(d),kept=1;p");
    assertThat(reports).singleElement().asString().contains("malformed baggage property: 1 property left out");
  }

  @Test
  void overTheByteLimitBatonKeepsTheMembersThatFitWhereOpenTelemetryReadsNone() {
    String header = "requestId=r-1,big=" + "v".repeat(9000);

    ContextPropagation baton = baton(true);
    Snapshot received = baton.extract(Map.of("baggage", header), Map::get);

    assertThat(read(header).isEmpty()).isTrue();
    assertThat(received.run(REQUEST_ID::getStore)).isEqualTo("r-1");
    assertThat(received.run(baton::headers)).containsEntry("baggage", "requestId=r-1");
  }

  private static Baggage read(String header) {
    Map<String, String> carrier = header == null ? Map.of() : Map.of("baggage", header);
    return Baggage.fromContext(OPEN_TELEMETRY.extract(Context.root(), carrier, MAP));
  }

  /**
   * Each entry's value and metadata, the metadata's properties without the spaces the
   * specification allows around them: both forms mean the same properties.
   */
  private static Map<String, String> entries(Baggage baggage) {
    Map<String, String> entries = new TreeMap<>();
    baggage.forEach(
        (key, entry) -> {
          String metadata = entry.getMetadata().getValue().replaceAll("[ \t]*([;=])[ \t]*", "$1").replaceAll(";;+", ";");
          entries.put(key, entry.getValue() + " | " + metadata.replaceAll("^;|;$", ""));
        });
    return entries;
  }
}

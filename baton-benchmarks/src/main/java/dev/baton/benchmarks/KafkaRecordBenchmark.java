package dev.baton.benchmarks;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.kafka.KafkaPropagation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What propagation adds per Kafka record, on each side, in process: {@code send} hands a record
 * with a callback to Kafka's {@code MockProducer} (serialization and the callback included; the
 * broker round trip, which propagation does not change, left out), plain ({@code none}) or through
 * {@code KafkaPropagation.wrap} ({@code baton}: the baggage header written, the callback run in the
 * sender's context); {@code consume} handles one received record, plainly or in the context its
 * headers carry ({@code forEachInContext}).
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class KafkaRecordBenchmark {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  @Param({"none", "baton"})
  public String propagation;

  private MockProducer<String, String> mock;
  private Producer<String, String> producer;
  private KafkaPropagation kafka;
  private List<ConsumerRecord<String, String>> received;
  private final Callback callback = (metadata, failure) -> seen = REQUEST_ID.getStore();
  private String seen;

  @Setup(Level.Trial)
  public void start() {
    kafka =
        KafkaPropagation.of(ContextPropagation.builder().carry(REQUEST_ID).withoutDiscoveredExtensions().build());
    mock = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    producer = propagation.equals("baton") ? kafka.wrap(mock) : mock;
    ConsumerRecord<String, String> record = new ConsumerRecord<>("topic", 0, 0L, "key", "value");
    record.headers().add("baggage", "requestId=request-1".getBytes(StandardCharsets.UTF_8));
    received = List.of(record);
    REQUEST_ID.enterWith("request-1");
  }

  @TearDown(Level.Trial)
  public void stop() {
    REQUEST_ID.disable();
  }

  /** The mock keeps every record sent: forgotten after each iteration, so memory stays flat. */
  @TearDown(Level.Iteration)
  public void clearHistory() {
    mock.clear();
  }

  @Benchmark
  public String send() {
    producer.send(new ProducerRecord<>("topic", "key", "value"), callback);
    return seen;
  }

  @Benchmark
  public String consume() {
    if (propagation.equals("baton")) {
      kafka.forEachInContext(received, record -> seen = REQUEST_ID.getStore());
    } else {
      for (ConsumerRecord<String, String> record : received) {
        seen = REQUEST_ID.getStore();
      }
    }
    return seen;
  }
}

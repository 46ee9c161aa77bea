package dev.baton.kafka;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.opentelemetry.TraceContextExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/** Baton's Kafka propagation against a real broker (KRaft), started from Kafka's own server classes. */
class KafkaPropagationTest {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
  private static final KafkaPropagation KAFKA =
      KafkaPropagation.of(
          ContextPropagation.builder().carry(REQUEST_ID).onMalformed(REPORTS::add).withoutDiscoveredExtensions().build());

  @TempDir static Path directory;
  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.start(directory);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private static Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return config;
  }

  private static KafkaConsumer<String, String> consumer(String group) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    return new KafkaConsumer<>(config);
  }

  /** Polls {@code topic} from the start until {@code count} records came, handling each in its context. */
  private static List<String> consumeInContext(String topic, int count) {
    List<String> handled = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer("read-" + topic)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + SECONDS.toNanos(60);
      while (handled.size() < count && System.nanoTime() < deadline) {
        KAFKA.forEachInContext(consumer.poll(Duration.ofMillis(200)), record -> handled.add(record.value() + ":" + REQUEST_ID.getStore()));
      }
    }
    return handled;
  }

  @Test
  void aRecordSentTwiceCarriesTheTraceContextOfEachSend() throws Exception {
    broker.createTopic("resent", 1);
    KafkaPropagation traced =
        KafkaPropagation.of(
            ContextPropagation.builder()
                .carry(REQUEST_ID)
                .extension(new TraceContextExtension())
                .onMalformed(REPORTS::add)
                .withoutDiscoveredExtensions()
                .build());
    ProducerRecord<String, String> record = new ProducerRecord<>("resent", "same record");
    List<String> sentUnder = List.of("0af7651916cd43dd8448eb211c80319c", "4bf92f3577b34da6a3ce929d0e0e4736");
    try (Producer<String, String> producer = traced.wrap(new KafkaProducer<>(producerConfig()))) {
      for (String traceId : sentUnder) {
        SpanContext span = SpanContext.create(traceId, "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
        try (Scope scope = Context.root().with(Span.wrap(span)).makeCurrent()) {
          producer.send(record).get(30, SECONDS);
        }
      }
    }

    List<String> traceparents = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer("read-resent")) {
      consumer.subscribe(List.of("resent"));
      long deadline = System.nanoTime() + SECONDS.toNanos(60);
      while (traceparents.size() < 2 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(consumed -> traceparents.add(
            new String(consumed.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8)));
      }
    }
    assertThat(traceparents)
        .containsExactly(
            "00-" + sentUnder.get(0) + "-b7ad6b7169203331-01", "00-" + sentUnder.get(1) + "-b7ad6b7169203331-01");
    assertThat(REPORTS).noneMatch(report -> report.contains("extension failed"));
  }

  @Test
  void aSendCallbackRunsInTheSendersContextNotInThatOfTheProducersIoThread() throws Exception {
    broker.createTopic("callbacks", 1);
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch called = new CountDownLatch(2);
    try (Producer<String, String> plain = new KafkaProducer<>(producerConfig());
        Producer<String, String> wrapped = KAFKA.wrap(new KafkaProducer<>(producerConfig()))) {
      REQUEST_ID.run(
          "s-1",
          () -> {
            plain.send(new ProducerRecord<>("callbacks", "plain"), (metadata, failure) -> {
              seen.add("plain:" + REQUEST_ID.getStore());
              called.countDown();
            });
            wrapped.send(new ProducerRecord<>("callbacks", "wrapped"), (metadata, failure) -> {
              seen.add("wrapped:" + REQUEST_ID.getStore() + " on " + Thread.currentThread().getName().replaceAll("-\\d+$", ""));
              called.countDown();
            });
          });
      assertThat(called.await(30, SECONDS)).isTrue();
    }

    assertThat(seen).containsExactlyInAnyOrder("plain:null", "wrapped:s-1 on kafka-producer-network-thread | producer");
  }

  @Test
  void aHundredThousandRecordsOverThreePartitionsAndTwoConsumersThroughRebalancesAreEachHandledInTheirProducersContext()
      throws Exception {
    broker.createTopic("load", 3);
    Set<String> handled = ConcurrentHashMap.newKeySet();
    List<String> mixUps = new CopyOnWriteArrayList<>();
    Map<String, AtomicInteger> byConsumer = new ConcurrentHashMap<>();
    AtomicInteger leftOnConsumerThreads = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger callbackMixUps = new AtomicInteger();
    AtomicInteger acknowledged = new AtomicInteger();
    ExecutorService consumers = Executors.newFixedThreadPool(3);
    try (Producer<String, String> producer = KAFKA.wrap(new KafkaProducer<>(producerConfig()))) {
      // A consumes alone; B joins (a rebalance); A stops, and starts again as A' (two more)
      AtomicBoolean stopA = new AtomicBoolean();
      Future<?> a = consumers.submit(() -> consumeLoad("A", stopA, done, handled, byConsumer, mixUps, leftOnConsumerThreads));
      produce(producer, 0, 30_000, acknowledged, callbackMixUps);
      awaitAtLeast(handled, 30_000);
      Future<?> b = consumers.submit(() -> consumeLoad("B", new AtomicBoolean(), done, handled, byConsumer, mixUps, leftOnConsumerThreads));
      awaitAssigned(byConsumer, "B");
      produce(producer, 30_000, 60_000, acknowledged, callbackMixUps);
      awaitAtLeast(handled, 60_000);
      stopA.set(true);
      a.get(60, SECONDS);
      Future<?> restarted =
          consumers.submit(() -> consumeLoad("A'", new AtomicBoolean(), done, handled, byConsumer, mixUps, leftOnConsumerThreads));
      awaitAssigned(byConsumer, "A'");
      produce(producer, 60_000, 100_000, acknowledged, callbackMixUps);
      awaitAtLeast(handled, 100_000);
      done.set(true);
      b.get(60, SECONDS);
      restarted.get(60, SECONDS);
    } finally {
      done.set(true);
      consumers.shutdownNow();
      assertThat(consumers.awaitTermination(60, SECONDS)).isTrue();
    }

    assertThat(acknowledged.get()).isEqualTo(100_000);
    assertThat(callbackMixUps.get()).as("send callbacks outside their sender's context").isZero();
    assertThat(mixUps).isEmpty();
    assertThat(handled).hasSize(100_000);
    assertThat(byConsumer.keySet()).containsExactlyInAnyOrder("A", "B", "A'");
    assertThat(byConsumer.values()).allSatisfy(count -> assertThat(count.get()).isPositive());
    assertThat(leftOnConsumerThreads.get()).as("polls after which the consumer thread kept a store").isZero();
  }

  /** Sends records {@code from} to {@code to}, each inside a request id of its own, and waits for them. */
  private static void produce(
      Producer<String, String> producer, int from, int to, AtomicInteger acknowledged, AtomicInteger callbackMixUps) {
    for (int i = from; i < to; i++) {
      String id = "r-" + i;
      REQUEST_ID.run(
          id,
          () ->
              producer.send(new ProducerRecord<>("load", "k-" + id, id), (metadata, failure) -> {
                if (failure != null || !id.equals(REQUEST_ID.getStore())) {
                  callbackMixUps.incrementAndGet();
                }
                acknowledged.incrementAndGet();
              }));
    }
    producer.flush();
  }

  private static void consumeLoad(
      String name,
      AtomicBoolean stop,
      AtomicBoolean done,
      Set<String> handled,
      Map<String, AtomicInteger> byConsumer,
      List<String> mixUps,
      AtomicInteger leftOnThread) {
    AtomicInteger mine = new AtomicInteger();
    try (KafkaConsumer<String, String> consumer = consumer("load-group")) {
      consumer.subscribe(List.of("load"));
      while (!stop.get() && !done.get()) {
        KAFKA.forEachInContext(
            consumer.poll(Duration.ofMillis(100)),
            record -> {
              String seen = REQUEST_ID.getStore();
              if (!record.value().equals(seen) && mixUps.size() < 10) {
                mixUps.add(record.value() + " handled by " + name + " in " + seen);
              }
              handled.add(record.value());
              mine.incrementAndGet();
            });
        if (REQUEST_ID.getStore() != null) {
          leftOnThread.incrementAndGet();
        }
        if (!consumer.assignment().isEmpty()) {
          byConsumer.putIfAbsent(name, mine);
        }
      }
      consumer.commitSync();
    }
  }

  /** Waits until consumer {@code name} has partitions, so the records sent next can reach it. */
  private static void awaitAssigned(Map<String, AtomicInteger> byConsumer, String name) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(60);
    while (!byConsumer.containsKey(name)) {
      assertThat(System.nanoTime()).as("waiting for " + name + " to be assigned partitions").isLessThan(deadline);
      Thread.sleep(20); // polling a flag with a bound, not synchronising on time
    }
  }

  private static void awaitAtLeast(Set<String> handled, int count) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(120);
    while (handled.size() < count) {
      assertThat(System.nanoTime()).as("waiting for " + count + " records, " + handled.size() + " handled").isLessThan(deadline);
      Thread.sleep(20); // polling a counter with a bound, not synchronising on time
    }
  }

  @Test
  void aRecordWithNoOrMalformedHeadersIsHandledInTheConsumersOwnContext() throws Exception {
    broker.createTopic("malformed", 1);
    try (Producer<String, String> plain = new KafkaProducer<>(producerConfig())) {
      plain.send(new ProducerRecord<>("malformed", "none")).get(30, SECONDS);
      ProducerRecord<String, String> broken = new ProducerRecord<>("malformed", "broken");
      broken.headers().add("baggage", "requestId=%zz".getBytes(StandardCharsets.UTF_8));
      plain.send(broken).get(30, SECONDS);
      ProducerRecord<String, String> notText = new ProducerRecord<>("malformed", "not text");
      notText.headers().add("baggage", new byte[] {(byte) 0xff, (byte) 0xfe});
      plain.send(notText).get(30, SECONDS);
    }
    REPORTS.clear();

    List<String> handled = REQUEST_ID.call("consumer's own", () -> consumeInContext("malformed", 3));

    assertThat(handled).containsExactly("none:consumer's own", "broken:consumer's own", "not text:consumer's own");
    assertThat(REPORTS).isNotEmpty().allSatisfy(report -> assertThat(report).contains("malformed baggage member"));
  }

  @Test
  void aRecordSentAgainCarriesTheContextOfEachSend() throws Exception {
    broker.createTopic("again", 1);
    ProducerRecord<String, String> record = new ProducerRecord<>("again", "same");
    try (Producer<String, String> producer = KAFKA.wrap(new KafkaProducer<>(producerConfig()))) {
      REQUEST_ID.run("first", () -> get(producer.send(record)));
      REQUEST_ID.run("second", () -> get(producer.send(record)));
    }

    assertThat(consumeInContext("again", 2)).containsExactly("same:first", "same:second");
  }

  @Test
  void theInterceptorWritesTheHeadersFromTheProducersConfigurationAlone() throws Exception {
    broker.createTopic("intercepted", 1);
    Map<String, Object> config = producerConfig();
    config.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, ContextProducerInterceptor.class.getName());
    config.put(ContextProducerInterceptor.PROPAGATION, KAFKA.propagation());
    try (Producer<String, String> producer = new KafkaProducer<>(config)) {
      REQUEST_ID.run("intercepted-1", () -> get(producer.send(new ProducerRecord<>("intercepted", "v"))));
    }

    assertThat(consumeInContext("intercepted", 1)).containsExactly("v:intercepted-1");
  }

  @Test
  void theInterceptorWithoutAPropagationFailsTheProducerWithTheProperty() {
    Map<String, Object> config = producerConfig();
    config.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, ContextProducerInterceptor.class.getName());

    assertThatThrownBy(() -> new KafkaProducer<String, String>(config).close())
        .isInstanceOf(KafkaException.class)
        .rootCause()
        .hasMessageContaining("baton.propagation");
  }

  @Test
  void aHandlerThatThrowsStopsTheIterationAndLeavesTheCallersContext() throws Exception {
    broker.createTopic("throwing", 1);
    try (Producer<String, String> producer = KAFKA.wrap(new KafkaProducer<>(producerConfig()))) {
      REQUEST_ID.run("t-1", () -> get(producer.send(new ProducerRecord<>("throwing", "a"))));
      REQUEST_ID.run("t-2", () -> get(producer.send(new ProducerRecord<>("throwing", "b"))));
    }
    AtomicReference<List<ConsumerRecord<String, String>>> polled = new AtomicReference<>(new ArrayList<>());
    try (KafkaConsumer<String, String> consumer = consumer("throwing")) {
      consumer.subscribe(List.of("throwing"));
      long deadline = System.nanoTime() + SECONDS.toNanos(60);
      while (polled.get().size() < 2 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(polled.get()::add);
      }
    }
    List<String> seen = new ArrayList<>();

    REQUEST_ID.run(
        "caller",
        () -> {
          assertThatThrownBy(
                  () ->
                      KAFKA.forEachInContext(polled.get(), record -> {
                        seen.add(record.value() + ":" + REQUEST_ID.getStore());
                        throw new IllegalStateException("cannot handle " + record.value());
                      }))
              .hasMessage("cannot handle a");
          assertThat(REQUEST_ID.getStore()).isEqualTo("caller");
        });

    assertThat(seen).containsExactly("a:t-1");
  }

  @Test
  void aSpringKafkaListenerRunsEachRecordInItsProducersContextThroughTheRecordInterceptor() throws Exception {
    broker.createTopic("spring", 3);
    int records = 1_000;
    List<String> mixUps = new CopyOnWriteArrayList<>();
    List<String> plainRecord = new CopyOnWriteArrayList<>();
    CountDownLatch received = new CountDownLatch(records + 1);
    Map<String, Object> consumerConfig = new HashMap<>();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "spring");
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    ContainerProperties properties = new ContainerProperties("spring");
    properties.setMessageListener(
        (MessageListener<String, String>) record -> {
          String seen = REQUEST_ID.getStore();
          if (record.value().equals("plain")) {
            plainRecord.add(String.valueOf(seen));
          } else if (!record.value().equals(seen)) {
            mixUps.add(record.value() + " handled in " + seen);
          }
          received.countDown();
        });
    ConcurrentMessageListenerContainer<String, String> container =
        new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(consumerConfig), properties);
    container.setConcurrency(2);
    container.setRecordInterceptor(new ContextRecordInterceptor<>(KAFKA));
    container.start();
    try (Producer<String, String> producer = KAFKA.wrap(new KafkaProducer<>(producerConfig()))) {
      for (int i = 0; i < records; i++) {
        String id = "spring-" + i;
        REQUEST_ID.run(id, () -> producer.send(new ProducerRecord<>("spring", id, id)));
      }
      producer.flush();
      try (Producer<String, String> plain = new KafkaProducer<>(producerConfig())) {
        plain.send(new ProducerRecord<>("spring", "spring-0", "plain")).get(30, SECONDS);
      }
      assertThat(received.await(60, SECONDS)).isTrue();
    } finally {
      container.stop();
    }

    assertThat(mixUps).isEmpty();
    assertThat(plainRecord).as("a record after others on the same partition sees none of theirs").containsExactly("null");
  }

  @Test
  void badArgumentsAreRejectedWithTheirName() {
    assertThatThrownBy(() -> new ContextRecordInterceptor<String, String>(null)).hasMessage("propagation");
    assertThatThrownBy(() -> KafkaPropagation.of(null)).hasMessage("propagation");
    assertThatThrownBy(() -> KAFKA.wrap(null)).hasMessage("producer");
    assertThatThrownBy(() -> KAFKA.contextOf(null)).hasMessage("record");
    assertThatThrownBy(() -> KAFKA.forEachInContext(null, record -> {})).hasMessage("records");
    assertThatThrownBy(() -> KAFKA.forEachInContext(List.of(), null)).hasMessage("handler");
  }

  private static void get(Future<?> future) {
    try {
      future.get(30, SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

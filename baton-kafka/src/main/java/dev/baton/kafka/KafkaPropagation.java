package dev.baton.kafka;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.Snapshot;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.header.Headers;

/**
 * Carries a {@link ContextPropagation}'s stores through Kafka: in the headers of each record sent,
 * and back into the context each record is handled in.
 *
 * <pre>{@code
 * static final KafkaPropagation KAFKA = KafkaPropagation.of(PROPAGATION);
 *
 * // producer: headers written on send, and the callback runs in the sender's context
 * Producer<String, String> producer = KAFKA.wrap(new KafkaProducer<>(config));
 * producer.send(record, (metadata, failure) -> log.info("sent"));   // logged with the request id
 *
 * // consumer: each record handled in the context its producer had
 * KAFKA.forEachInContext(consumer.poll(timeout), record -> handle(record));
 * }</pre>
 *
 * <p>Where the producer is built by a framework, {@link ContextProducerInterceptor} writes the
 * headers from the producer's configuration alone. A record with no headers, or malformed ones, is
 * handled in the consumer's own context; the propagation reports what it left out. Immutable and
 * thread-safe.
 */
public final class KafkaPropagation {

  private final ContextPropagation propagation;

  private KafkaPropagation(ContextPropagation propagation) {
    this.propagation = propagation;
  }

  /**
   * Kafka's side of {@code propagation}.
   *
   * @param propagation the stores and fields records carry
   * @return the Kafka propagation
   * @throws NullPointerException if {@code propagation} is null
   */
  public static KafkaPropagation of(ContextPropagation propagation) {
    return new KafkaPropagation(Objects.requireNonNull(propagation, "propagation"));
  }

  /** The propagation this carries. */
  ContextPropagation propagation() {
    return propagation;
  }

  /**
   * A producer that writes the sender's stores into each record's headers, and runs each send's
   * callback in the sender's context, not in that of the producer's I/O thread. Everything else is
   * {@code producer}'s.
   *
   * @param producer the producer to send with
   * @param <K> the key type
   * @param <V> the value type
   * @return the producer, wrapped
   * @throws NullPointerException if {@code producer} is null
   */
  public <K, V> Producer<K, V> wrap(Producer<K, V> producer) {
    return new ContextProducer<>(Objects.requireNonNull(producer, "producer"), this);
  }

  /**
   * Writes the current context's headers into {@code headers}, replacing earlier ones of the same
   * names.
   *
   * @param headers a record's headers, not yet sent
   * @throws NullPointerException if {@code headers} is null
   * @throws IllegalStateException if the headers are read only (their record was sent already)
   */
  public void inject(Headers headers) {
    propagation.inject(Objects.requireNonNull(headers, "headers"), RecordHeaders::set);
  }

  /**
   * The context to handle {@code record} in: the current context, plus what its headers carry.
   *
   * @param record a consumed record
   * @return the context its producer had, as far as its headers carry it
   * @throws NullPointerException if {@code record} is null
   */
  public Snapshot contextOf(ConsumerRecord<?, ?> record) {
    Objects.requireNonNull(record, "record");
    return propagation.extract(record.headers(), RecordHeaders::get);
  }

  /**
   * Handles each record in the context its producer had: {@code handler} runs once per record, in
   * order, each time in {@link #contextOf} that record; the caller's context is as before when it
   * returns or throws. An exception from {@code handler} stops the iteration and propagates.
   *
   * @param records the records polled
   * @param handler handles one record
   * @param <K> the key type
   * @param <V> the value type
   * @throws NullPointerException if an argument is null
   */
  public <K, V> void forEachInContext(
      Iterable<ConsumerRecord<K, V>> records, Consumer<? super ConsumerRecord<K, V>> handler) {
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(handler, "handler");
    for (ConsumerRecord<K, V> record : records) {
      contextOf(record).run(() -> handler.accept(record));
    }
  }

  /** {@code callback} made to run in the calling code's context; null stays null. */
  Callback inSendersContext(Callback callback) {
    if (callback == null) {
      return null;
    }
    Snapshot sender = AsyncLocalStorage.snapshot();
    return (metadata, failure) -> sender.run(() -> callback.onCompletion(metadata, failure));
  }

  @Override
  public String toString() {
    return "KafkaPropagation(" + propagation + ")";
  }
}

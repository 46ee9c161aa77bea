package dev.baton.kafka;

import dev.baton.Scope;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * For Spring Kafka's listener containers: each record's listener ({@code @KafkaListener} methods
 * included) runs in the context its producer had, and the container's thread is back in its own
 * context after each record, whether the listener returned or threw.
 *
 * <pre>{@code
 * factory.setRecordInterceptor(new ContextRecordInterceptor<>(KAFKA));
 * }</pre>
 *
 * <p>Needs {@code spring-kafka} on the class path; the rest of {@code baton-kafka} does not.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ContextRecordInterceptor<K, V> implements RecordInterceptor<K, V> {

  private final KafkaPropagation propagation;

  /** The record's context, entered on the container's thread while its listener runs. */
  private final ThreadLocal<Scope> records = new ThreadLocal<>();

  /**
   * An interceptor running each record's listener in the context its headers carry.
   *
   * @param propagation the stores and fields records carry
   * @throws NullPointerException if {@code propagation} is null
   */
  public ContextRecordInterceptor(KafkaPropagation propagation) {
    this.propagation = Objects.requireNonNull(propagation, "propagation");
  }

  @Override
  public ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
    restore(); // a record before it whose end was not signalled
    records.set(propagation.contextOf(record).enter());
    return record;
  }

  @Override
  public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
    restore();
  }

  @Override
  public void clearThreadState(Consumer<?, ?> consumer) {
    restore();
  }

  private void restore() {
    Scope record = records.get();
    if (record != null) {
      records.remove();
      record.close();
    }
  }

  @Override
  public String toString() {
    return "ContextRecordInterceptor(" + propagation + ")";
  }
}

package dev.baton.kafka;

import dev.baton.ContextPropagation;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.common.config.ConfigException;

/**
 * Writes the sender's stores into each record's headers, configured through the producer's
 * properties alone, for producers a framework builds:
 *
 * <pre>{@code
 * config.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, ContextProducerInterceptor.class.getName());
 * config.put(ContextProducerInterceptor.PROPAGATION, PROPAGATION);   // a ContextPropagation
 * }</pre>
 *
 * <p>{@code onSend} runs on the sending thread, in the sender's context. Send callbacks still run
 * on the producer's I/O thread: to run them in the sender's context, wrap the producer with {@link
 * KafkaPropagation#wrap} instead.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ContextProducerInterceptor<K, V> implements ProducerInterceptor<K, V> {

  /** The producer property holding the {@link ContextPropagation} to write. */
  public static final String PROPAGATION = "baton.propagation";

  private KafkaPropagation propagation;

  /** Made by the producer, from its {@code interceptor.classes}. */
  public ContextProducerInterceptor() {}

  @Override
  public void configure(Map<String, ?> configs) {
    Object configured = configs.get(PROPAGATION);
    if (!(configured instanceof ContextPropagation)) {
      throw new ConfigException(
          PROPAGATION,
          configured,
          "ContextProducerInterceptor needs the producer property \""
              + PROPAGATION
              + "\" set to a dev.baton.ContextPropagation");
    }
    propagation = KafkaPropagation.of((ContextPropagation) configured);
  }

  @Override
  public ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
    propagation.inject(record.headers());
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception failure) {}

  @Override
  public void close() {}
}

package dev.baton.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/** See {@link KafkaPropagation#wrap}. */
final class ContextProducer<K, V> implements Producer<K, V> {

  private final Producer<K, V> producer;
  private final KafkaPropagation propagation;

  ContextProducer(Producer<K, V> producer, KafkaPropagation propagation) {
    this.producer = producer;
    this.propagation = propagation;
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
    return producer.send(withHeaders(record));
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
    return producer.send(withHeaders(record), propagation.inSendersContext(callback));
  }

  /** {@code record} with the current context's headers; a copy when it was sent before. */
  private ProducerRecord<K, V> withHeaders(ProducerRecord<K, V> record) {
    if (record == null) {
      return null; // the producer's own check reports it
    }
    try {
      propagation.inject(record.headers());
      return record;
    } catch (IllegalStateException readOnly) {
      ProducerRecord<K, V> copy =
          new ProducerRecord<>(
              record.topic(), record.partition(), record.timestamp(), record.key(), record.value(), record.headers());
      propagation.inject(copy.headers());
      return copy;
    }
  }

  @Override
  public void initTransactions() {
    producer.initTransactions();
  }

  @Override
  public void beginTransaction() {
    producer.beginTransaction();
  }

  @Override
  public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
    producer.sendOffsetsToTransaction(offsets, group);
  }

  @Override
  public void commitTransaction() {
    producer.commitTransaction();
  }

  @Override
  public void abortTransaction() {
    producer.abortTransaction();
  }

  @Override
  public void registerMetricForSubscription(KafkaMetric metric) {
    producer.registerMetricForSubscription(metric);
  }

  @Override
  public void unregisterMetricFromSubscription(KafkaMetric metric) {
    producer.unregisterMetricFromSubscription(metric);
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return producer.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return producer.metrics();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return producer.clientInstanceId(timeout);
  }

  @Override
  public void close() {
    producer.close();
  }

  @Override
  public void close(Duration timeout) {
    producer.close(timeout);
  }

  @Override
  public String toString() {
    return producer + " with " + propagation;
  }
}

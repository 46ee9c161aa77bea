/**
 * Baton for Kafka: {@link dev.baton.kafka.KafkaPropagation} writes the sender's carried stores into
 * each record's headers, runs send callbacks in the sender's context instead of on the producer's
 * I/O thread, and handles each consumed record in the context its producer had.
 */
package dev.baton.kafka;

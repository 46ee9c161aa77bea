package dev.baton.smoke.orders;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.kafka.ContextProducerInterceptor;
import dev.baton.kafka.ContextRecordInterceptor;
import dev.baton.kafka.KafkaPropagation;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * An order service as teams write them: a servlet filter sets the request id; the controller
 * calls another endpoint with {@code RestClient}, saves with Spring Data JPA (HikariCP, H2), hands
 * an audit to an {@code @Async} method and publishes to Kafka, whose {@code @KafkaListener} logs
 * the shipment; a {@code @Scheduled} sweep runs beside the requests. Nothing in it hands the
 * context over by hand except at the two process boundaries (the HTTP call and the Kafka record),
 * which is what Baton's integrations do for it.
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class OrdersApplication {

  /** The id of the request being served; every log line prints it ({@code %baton{requestId}}). */
  public static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  /** What a record carries to the listener. */
  static final ContextPropagation PROPAGATION = ContextPropagation.builder().carry(REQUEST_ID).build();

  static final String SHIPMENTS = "shipments";

  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }

  @Bean
  NewTopic shipments() {
    return new NewTopic(SHIPMENTS, 3, (short) 1);
  }

  /** Every record sent carries the sender's request id. */
  @Bean
  DefaultKafkaProducerFactoryCustomizer requestIdOnRecords() {
    return factory -> {
      factory.updateConfigs(
          java.util.Map.of(
              ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, ContextProducerInterceptor.class.getName(),
              ContextProducerInterceptor.PROPAGATION, PROPAGATION));
    };
  }

  /** Each record's listener runs in the context its record carries. */
  @Bean
  RecordInterceptor<Object, Object> requestIdFromRecords() {
    return new ContextRecordInterceptor<>(KafkaPropagation.of(PROPAGATION));
  }
}

package dev.baton.examples.services;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import dev.baton.grpc.ContextClientInterceptor;
import dev.baton.grpc.ContextServerInterceptor;
import dev.baton.grpc.Utf8Marshaller;
import dev.baton.kafka.KafkaBroker;
import dev.baton.kafka.KafkaPropagation;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.io.IOException;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request crossing three services: an HTTP edge gives each request an id and calls the {@code
 * orders} service over gRPC, which publishes an event to Kafka, whose consumer ({@code audit})
 * logs it. The id is set once, at the edge; every log line of the three, the Kafka send callback on
 * the producer's I/O thread included, prints it through Logback's {@code %baton{requestId}}. The
 * three run in one JVM here (with a Kafka broker in another), but share nothing but the wire: the
 * id crosses each hop in the {@code baggage} header. The edge continues the baggage its own caller
 * sent, as an edge behind a gateway does: other services' entries go on with the request.
 */
public final class ThreeServices {

  static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  static final ContextPropagation PROPAGATION = ContextPropagation.builder().carry(REQUEST_ID).build();
  static final KafkaPropagation KAFKA = KafkaPropagation.of(PROPAGATION);

  private static final Logger EDGE = LoggerFactory.getLogger("edge");
  private static final Logger ORDERS = LoggerFactory.getLogger("orders");
  private static final Logger AUDIT = LoggerFactory.getLogger("audit");
  private static final String TOPIC = "orders";

  private static final MethodDescriptor<String, String> PLACE =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("example.Orders", "Place"))
          .setRequestMarshaller(Utf8Marshaller.INSTANCE)
          .setResponseMarshaller(Utf8Marshaller.INSTANCE)
          .build();

  private ThreeServices() {}

  /**
   * Starts the broker and the three services, sends {@code requests} requests to the edge (3 unless
   * given), waits until the consumer has logged each, and stops everything.
   *
   * @param args optionally, the number of requests
   * @throws Exception if a service fails to start or a request fails
   */
  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    HttpClient client = HttpClient.newHttpClient();
    String[] items = {"apples", "pears", "plums", "figs", "dates"};
    withBroker(kafka -> run(kafka, requests, (edge, i) -> {
      URI uri = URI.create("http://127.0.0.1:" + edge.getPort() + "/order?" + items[i % items.length]);
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("the edge answered " + response.statusCode() + ": " + response.body());
      }
    }));
  }

  /** Sends request number {@code index} to the edge. */
  @FunctionalInterface
  interface Client {
    void send(InetSocketAddress edge, int index) throws Exception;
  }

  /** Something to run against a broker. */
  @FunctionalInterface
  interface OnBroker {
    void run(String bootstrapServers) throws Exception;
  }

  /** Starts a broker with the example's topic in a temporary folder, runs {@code work}, and stops it. */
  static void withBroker(OnBroker work) throws Exception {
    Path directory = Files.createTempDirectory("baton-three-services");
    try (KafkaBroker broker = KafkaBroker.start(directory)) {
      broker.createTopic(TOPIC, 3);
      work.run(broker.bootstrapServers());
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  /** Starts the three services, has {@code client} send {@code requests} requests, and waits until each is audited. */
  static void run(String kafka, int requests, Client client) throws Exception {
    CountDownLatch audited = new CountDownLatch(requests);
    ExecutorService consumerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "audit-consumer"));
    try (Producer<String, String> producer = KAFKA.wrap(new KafkaProducer<>(producerConfig(kafka)));
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(kafka))) {
      // audit: consumes the events, each in the context its producer had
      consumer.subscribe(List.of(TOPIC));
      consumerThread.execute(
          () -> {
            while (audited.getCount() > 0) {
              KAFKA.forEachInContext(consumer.poll(Duration.ofMillis(100)), record -> {
                AUDIT.info("consumed {} from partition {}", record.value(), record.partition());
                audited.countDown();
              });
            }
          });

      // orders: a gRPC service that publishes each order placed
      ServerServiceDefinition orders =
          ServerServiceDefinition.builder("example.Orders")
              .addMethod(PLACE, ServerCalls.asyncUnaryCall((String item, StreamObserver<String> response) -> {
                ORDERS.info("placing an order for {}", item);
                producer.send(new ProducerRecord<>(TOPIC, item, "order for " + item), (metadata, failure) ->
                    ORDERS.info("published on {}, offset {}", Thread.currentThread().getName().replaceAll("-\\d+$", ""), metadata.offset()));
                response.onNext("order placed for " + item);
                response.onCompleted();
              }))
              .build();
      Server ordersServer =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), io.grpc.InsecureServerCredentials.create())
              .addService(ServerInterceptors.intercept(orders, ContextServerInterceptor.of(PROPAGATION)))
              .build()
              .start();
      ManagedChannel ordersChannel =
          Grpc.newChannelBuilderForAddress("127.0.0.1", ordersServer.getPort(), InsecureChannelCredentials.create()).build();
      Channel toOrders = ClientInterceptors.intercept(ordersChannel, ContextClientInterceptor.of(PROPAGATION));

      // edge: gives each request its id, and calls orders
      AtomicInteger ids = new AtomicInteger();
      HttpServer edge = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      edge.setExecutor(Executors.newFixedThreadPool(2));
      edge.createContext("/order", exchange -> PROPAGATION.extract(exchange.getRequestHeaders()).run(() -> REQUEST_ID.run("req-" + ids.getAndIncrement(), () -> {
        String item = exchange.getRequestURI().getQuery();
        EDGE.info("received an order for {}", item);
        String placed = ClientCalls.blockingUnaryCall(toOrders, PLACE, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), item);
        EDGE.info("answering: {}", placed);
        respond(exchange, placed);
      })));
      edge.start();
      try {
        for (int i = 0; i < requests; i++) {
          client.send(edge.getAddress(), i);
        }
        if (!audited.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException(audited.getCount() + " orders were not audited within 60 s");
        }
      } finally {
        edge.stop(0);
        ((ExecutorService) edge.getExecutor()).shutdownNow();
        ordersChannel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        ordersServer.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        consumerThread.shutdown();
        if (!consumerThread.awaitTermination(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the audit consumer did not stop");
        }
      }
    }
  }

  private static void respond(HttpExchange exchange, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (exchange; OutputStream out = exchange.getResponseBody()) {
      exchange.sendResponseHeaders(200, bytes.length);
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> producerConfig(String kafka) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
  }

  private static Map<String, Object> consumerConfig(String kafka) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
        ConsumerConfig.GROUP_ID_CONFIG, "audit",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
  }
}

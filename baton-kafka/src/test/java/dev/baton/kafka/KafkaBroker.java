package dev.baton.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka cluster (KRaft, broker and controller in one process), run from Apache
 * Kafka's own server classes in a forked JVM on the test class path: its storage formatted with
 * Kafka's {@code StorageTool}, then {@code kafka.Kafka} started on two free loopback ports. Its
 * output goes to a file in its directory, printed if it fails to start. Published in this module's
 * test jar for the services example.
 */
public final class KafkaBroker implements AutoCloseable {

  private final Path directory;
  private final Process process;
  private final String bootstrap;

  private KafkaBroker(Path directory, Process process, String bootstrap) {
    this.directory = directory;
    this.process = process;
    this.bootstrap = bootstrap;
  }

  /** Starts a broker in {@code directory}, and waits until it serves requests. */
  public static KafkaBroker start(Path directory) throws Exception {
    int brokerPort = freePort();
    int controllerPort = freePort();
    Properties config = new Properties();
    config.setProperty("process.roles", "broker,controller");
    config.setProperty("node.id", "1");
    config.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    config.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    config.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    config.setProperty("controller.listener.names", "CONTROLLER");
    config.setProperty("inter.broker.listener.name", "PLAINTEXT");
    config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.setProperty("log.dirs", directory.resolve("data").toString());
    config.setProperty("num.partitions", "3");
    config.setProperty("offsets.topic.replication.factor", "1");
    config.setProperty("offsets.topic.num.partitions", "3");
    config.setProperty("transaction.state.log.replication.factor", "1");
    config.setProperty("transaction.state.log.min.isr", "1");
    config.setProperty("share.coordinator.state.topic.replication.factor", "1");
    config.setProperty("share.coordinator.state.topic.min.isr", "1");
    config.setProperty("group.initial.rebalance.delay.ms", "0");
    config.setProperty("auto.create.topics.enable", "false");
    Path properties = directory.resolve("server.properties");
    try (var out = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
      config.store(out, "Baton's test broker");
    }
    Path log = directory.resolve("broker.log");

    Process format =
        java("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("format.log").toFile())
            .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IllegalStateException("formatting Kafka's storage failed:\n" + read(directory.resolve("format.log")));
    }
    Process broker =
        java("kafka.Kafka", properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    KafkaBroker started = new KafkaBroker(directory, broker, "127.0.0.1:" + brokerPort);
    try {
      started.awaitServing(brokerPort);
    } catch (Exception | AssertionError failure) {
      started.close();
      throw new IllegalStateException("the Kafka broker did not start:\n" + read(log), failure);
    }
    return started;
  }

  /** A JVM on this test's own class path, which holds Kafka's server and its dependencies. */
  private static ProcessBuilder java(String mainClass, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command);
  }

  /** A cluster id as Kafka's own tool makes them (none starting with "-", which reads as an option). */
  private static String clusterId() {
    return Uuid.randomUuid().toString();
  }

  private void awaitServing(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the broker exited with " + process.exitValue());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        break;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the broker's port was not open after 90 s");
        }
        process.waitFor(100, TimeUnit.MILLISECONDS); // a bounded wait for the process, or the port
      }
    }
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(no output)";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where clients connect. */
  public String bootstrapServers() {
    return bootstrap;
  }

  /** An admin client of this broker. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  /** Creates {@code topic} with {@code partitions} partitions, and waits until it exists. */
  public void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }
  }

  /** Stops the broker: politely, then forcibly after 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException interrupted) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Kafka broker at " + bootstrap + " in " + directory;
  }
}

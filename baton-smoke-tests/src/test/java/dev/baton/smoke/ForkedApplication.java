package dev.baton.smoke;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spring Boot application of this module in a JVM of its own, on its runtime class path, with or
 * without Baton's agent; what it prints goes to a file, read back as {@link LogLine}s.
 */
final class ForkedApplication implements AutoCloseable {

  private static final Pattern STARTED = Pattern.compile("started on port (\\d+)");

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final Process process;
  private final Path output;
  private final int port;

  private ForkedApplication(Process process, Path output, int port) {
    this.process = process;
    this.output = output;
    this.port = port;
  }

  /** The JVM option that runs the agent (the build names its jar). */
  static String agent() {
    return "-javaagent:" + System.getProperty("baton.agentJar");
  }

  /**
   * Starts {@code mainClass} with {@code jvmOptions} and {@code arguments}, and waits until its web
   * server listens.
   */
  static ForkedApplication start(
      String mainClass, List<String> jvmOptions, List<String> arguments, Path output) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add(mainClass);
    command.add("--server.port=0");
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      int port = awaitPort(process, output);
      return new ForkedApplication(process, output, port);
    } catch (Exception | AssertionError failure) {
      stop(process);
      throw new IllegalStateException(
          "the application did not start: " + String.join(" ", command) + "\n" + read(output), failure);
    }
  }

  private static String classPath() throws IOException {
    String dependencies =
        Files.readString(Path.of(System.getProperty("baton.smoke.classpathFile")), StandardCharsets.UTF_8).trim();
    return System.getProperty("baton.smoke.classes") + File.pathSeparator + dependencies;
  }

  private static int awaitPort(Process process, Path output) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      Matcher started = STARTED.matcher(read(output));
      if (started.find()) {
        return Integer.parseInt(started.group(1));
      }
      // Short waits: the start-up benchmark times the launch with this
      if (process.waitFor(2, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("it exited with " + process.exitValue());
      }
    }
    throw new IllegalStateException("no port after 120 s");
  }

  /** The CPU time the application's JVM has used so far, all its threads together. */
  /** The application's process, to pause and resume it. */
  long pid() {
    return process.pid();
  }

  Duration cpuTime() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** Where the application serves. */
  String baseUri() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Sends requests 1 to {@code count} from {@code clients} clients at once, request {@code n} as
   * {@code method path(n)} with the header {@code X-Request-Id: req-n}, and returns the responses
   * in that order.
   */
  List<HttpResponse<String>> requestAll(int count, int clients, String method, IntFunction<String> path)
      throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(clients);
    try {
      List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
      for (int n = 1; n <= count; n++) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(baseUri() + path.apply(n)))
                .header("X-Request-Id", "req-" + n)
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        sent.add(CompletableFuture.supplyAsync(() -> send(request), senders));
      }
      List<HttpResponse<String>> responses = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> response : sent) {
        responses.add(response.get(120, TimeUnit.SECONDS));
      }
      return responses;
    } finally {
      senders.shutdownNow();
    }
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(request + " failed", e);
    }
  }

  /** Every line printed so far, in order. */
  List<LogLine> lines() {
    List<LogLine> lines = new ArrayList<>();
    for (String line : read(output).split("\n")) {
      LogLine parsed = LogLine.parse(line);
      if (parsed != null) {
        lines.add(parsed);
      }
    }
    return lines;
  }

  /** Waits (at most a minute) until the lines printed so far satisfy {@code condition}. */
  List<LogLine> awaitLines(String what, Predicate<List<LogLine>> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      List<LogLine> lines = lines();
      if (condition.test(lines)) {
        return lines;
      }
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new AssertionError("never logged: " + what + "\n" + read(output));
      }
      process.waitFor(100, TimeUnit.MILLISECONDS); // a bounded wait on the process, polling its output
    }
  }

  /** All it printed. */
  String output() {
    return read(output);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop(process);
  }

  private static void stop(Process process) {
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
}

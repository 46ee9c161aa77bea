package dev.baton.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Time from launching the request-id demo's JVM to its first response, with and without agents. */
final class Startup {

  static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  /** How the demo is started. */
  enum Subject {
    NO_AGENT("without an agent", List.of()),
    BATON_AGENT("with Baton's agent", List.of("-javaagent:" + Paths.BATON_AGENT)),
    OPENTELEMETRY_AGENT(
        "with OpenTelemetry's agent, exporters off",
        List.of(
            "-javaagent:" + Paths.OPENTELEMETRY_AGENT,
            "-Dotel.traces.exporter=none",
            "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none")),
    TTL_AGENT("with TransmittableThreadLocal's agent", List.of("-javaagent:" + Paths.ttlAgent()));

    final String label;
    final List<String> jvmOptions;

    Subject(String label, List<String> jvmOptions) {
      this.label = label;
      this.jvmOptions = jvmOptions;
    }
  }

  private Startup() {}

  /**
   * This section of the suite alone: the demo started {@code args[0]} times (15 by default) in
   * each way, interleaved, and a Markdown table of the times to the first response.
   */
  public static void main(String[] args) throws Exception {
    Paths.requireBuilt();
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Map<Subject, List<Long>> millis = new EnumMap<>(Subject.class);
    for (int i = 0; i < rounds; i++) {
      for (Subject subject : Subject.values()) {
        millis.computeIfAbsent(subject, s -> new ArrayList<>()).add(millisToFirstResponse(subject));
      }
    }
    long plain = Report.median(millis.get(Subject.NO_AGENT));
    System.out.printf("%d rounds, JDK %s%n%n| | median ms | min ms | max ms | median vs. no agent |%n|---|---:|---:|---:|---:|%n",
        rounds, Runtime.version());
    millis.forEach(
        (subject, measured) ->
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.2f× |%n", subject.label, Report.median(measured),
                Collections.min(measured), Collections.max(measured), (double) Report.median(measured) / plain));
  }

  /** The command that starts the demo serving on a free port. */
  static List<String> demoCommand(Subject subject) {
    // Under Baton's agent baton-core comes from the bootstrap class path; the others need it here
    String classPath =
        subject == Subject.BATON_AGENT
            ? Paths.EXAMPLES.toString()
            : Paths.EXAMPLES + File.pathSeparator + Paths.CORE;
    return serverCommand(subject.jvmOptions, classPath, "dev.baton.examples.RequestIdLogger");
  }

  /** The command that starts {@code mainClass} of the examples serving on a free port, in this JDK. */
  static List<String> serverCommand(List<String> jvmOptions, String classPath, String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath, mainClass, "--port", "0"));
    return command;
  }

  /** Starts the demo and times its first response from the moment its JVM was launched. */
  static long millisToFirstResponse(Subject subject) throws IOException, InterruptedException {
    List<String> command = demoCommand(subject);
    long launched = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      URI uri = awaitListening(process, command);
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      int status = connection.getResponseCode();
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
      if (status != 200) {
        throw new IllegalStateException("the demo answered " + status);
      }
      return elapsed;
    } finally {
      stop(process);
    }
  }

  /** Reads the server's stderr until it says where it listens; the rest of stderr is drained. */
  static URI awaitListening(Process process, List<String> command) throws IOException {
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = err.readLine()) != null) {
      Matcher listening = LISTENING.matcher(line);
      if (listening.find()) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (err.readLine() != null) {
                      // discarded: the server's own log
                    }
                  } catch (IOException closed) {
                    // the server stopped
                  }
                },
                "stderr-drain");
        drain.setDaemon(true);
        drain.start();
        return URI.create(listening.group(1));
      }
    }
    throw new IllegalStateException("the server exited without listening: " + command);
  }

  static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}

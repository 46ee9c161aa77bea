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
import java.util.LinkedHashMap;
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
    NO_AGENT("without an agent") {
      @Override
      List<String> jvmOptions() {
        return List.of();
      }
    },
    BATON_AGENT("with Baton's agent") {
      @Override
      List<String> jvmOptions() {
        return List.of("-javaagent:" + Paths.BATON_AGENT);
      }
    },
    OPENTELEMETRY_AGENT("with OpenTelemetry's agent, exporters off") {
      @Override
      List<String> jvmOptions() {
        return List.of(
            "-javaagent:" + Paths.OPENTELEMETRY_AGENT,
            "-Dotel.traces.exporter=none",
            "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none");
      }
    },
    TTL_AGENT("with TransmittableThreadLocal's agent") {
      @Override
      List<String> jvmOptions() {
        return List.of("-javaagent:" + Paths.ttlAgent());
      }
    };

    final String label;

    Subject(String label) {
      this.label = label;
    }

    /** The options that start the JVM this way: they name the agents' jars, found when asked. */
    abstract List<String> jvmOptions();
  }

  private Startup() {}

  /**
   * This section of the suite alone: the demo started {@code args[0]} times (15 by default) in
   * each way, interleaved, and a Markdown table of the times to the first response. Further
   * arguments {@code LABEL=JAR} add other builds of Baton's agent as subjects of their own (each
   * jar named {@code baton-agent.jar}, which its manifest's {@code Boot-Class-Path} expects).
   * What each subject adds is also given round by round, against the launch without an agent of
   * the same round: on a noisy machine, the paired figure moves less.
   */
  public static void main(String[] args) throws Exception {
    Paths.requireBuilt();
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Map<String, List<String>> commands = new LinkedHashMap<>();
    for (Subject subject : Subject.values()) {
      commands.put(subject.label, demoCommand(subject));
    }
    for (int i = 1; i < args.length; i++) {
      int equals = args[i].indexOf('=');
      if (equals <= 0 || !args[i].endsWith("baton-agent.jar")) {
        throw new IllegalArgumentException(
            "expected LABEL=path/to/baton-agent.jar, got " + args[i]);
      }
      List<String> command = demoCommand(Subject.BATON_AGENT);
      command.set(command.indexOf("-javaagent:" + Paths.BATON_AGENT), "-javaagent:" + args[i].substring(equals + 1));
      commands.put(args[i].substring(0, equals), command);
    }
    Map<String, List<Long>> millis = new LinkedHashMap<>();
    for (int i = 0; i < rounds; i++) {
      for (Map.Entry<String, List<String>> subject : commands.entrySet()) {
        millis.computeIfAbsent(subject.getKey(), s -> new ArrayList<>()).add(millisToFirstResponse(subject.getValue()));
      }
    }
    List<Long> plain = millis.get(Subject.NO_AGENT.label);
    System.out.printf(
        "%d rounds, JDK %s%n%n| | median ms | min ms | max ms | median vs. no agent | ms added, round by round: median [lowest, highest] |%n"
            + "|---|---:|---:|---:|---:|---:|%n",
        rounds, Runtime.version());
    millis.forEach(
        (subject, measured) -> {
          List<Long> added = addedRoundByRound(measured, plain);
          System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.2f× | %+d [%+d, %+d] |%n", subject,
              Report.median(measured), Collections.min(measured), Collections.max(measured),
              (double) Report.median(measured) / Report.median(plain),
              Report.median(added), Collections.min(added), Collections.max(added));
        });
  }

  /**
   * What each of {@code launches} adds to the launch without an agent of the same round: each
   * subject is launched once per round, in turn, so the two lists are in step.
   */
  static List<Long> addedRoundByRound(List<Long> launches, List<Long> plain) {
    List<Long> added = new ArrayList<>();
    for (int i = 0; i < Math.min(launches.size(), plain.size()); i++) {
      added.add(launches.get(i) - plain.get(i));
    }
    return added;
  }

  /** The command that starts the demo serving on a free port. */
  static List<String> demoCommand(Subject subject) {
    // Under Baton's agent baton-core comes from the bootstrap class path; the others need it here
    String classPath =
        subject == Subject.BATON_AGENT
            ? Paths.EXAMPLES.toString()
            : Paths.EXAMPLES + File.pathSeparator + Paths.CORE;
    return serverCommand(subject.jvmOptions(), classPath, "dev.baton.examples.RequestIdLogger");
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
    return millisToFirstResponse(demoCommand(subject));
  }

  private static long millisToFirstResponse(List<String> command) throws IOException, InterruptedException {
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

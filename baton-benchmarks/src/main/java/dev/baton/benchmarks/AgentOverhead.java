package dev.baton.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Measures what the agent costs and writes the agent section of {@code docs/BENCHMARKS.md}: the
 * time from JVM start to the first request served by the request-id demo, with and without the
 * agent, and the per-task cost of {@code ThreadPoolExecutor.execute} with and without it ({@link
 * ExecutorHandoffBenchmark}, with JMH's allocation profiler).
 *
 * <p>Run from the project's root after {@code ./mvnw -q -DskipTests package}: {@code java -cp
 * baton-benchmarks/target/benchmarks.jar dev.baton.benchmarks.AgentOverhead}. Options: {@code
 * --quick} (fewer start-ups and iterations), {@code --out FILE} (default {@code
 * docs/BENCHMARKS.md}).
 */
public final class AgentOverhead {

  private static final Path AGENT = Path.of("baton-agent/target/baton-agent.jar");
  private static final Path EXAMPLES = Path.of("baton-examples/target/classes");
  private static final Path CORE = Path.of("baton-core/target/classes");
  private static final Path OPENTELEMETRY = Path.of("baton-benchmarks/target/agents/opentelemetry-javaagent.jar");
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  private AgentOverhead() {}

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    Path out = Path.of(option(args, "--out", "docs/BENCHMARKS.md"));
    for (Path required : List.of(AGENT, EXAMPLES, CORE, OPENTELEMETRY)) {
      if (!Files.exists(required)) {
        throw new IllegalStateException(required + " is missing: run ./mvnw -q -DskipTests package from the project's root first");
      }
    }
    int startups = quick ? 5 : 15;
    Map<StartupSubject, List<Long>> startupMillis = new EnumMap<>(StartupSubject.class);
    for (int i = 0; i < startups; i++) { // interleaved, so that drift on a noisy machine hits all alike
      for (StartupSubject subject : StartupSubject.values()) {
        startupMillis.computeIfAbsent(subject, s -> new ArrayList<>()).add(millisToFirstResponse(subject));
      }
    }
    Collection<RunResult> plainTasks = runHandoff(false, quick);
    Collection<RunResult> agentTasks = runHandoff(true, quick);

    String command = "java -cp baton-benchmarks/target/benchmarks.jar dev.baton.benchmarks.AgentOverhead" + (quick ? " --quick" : "");
    String report = Report.agentSection(command, startups, startupMillis, plainTasks, agentTasks);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, Report.document(report), StandardCharsets.UTF_8);
    System.out.println(report);
    System.out.println("written to " + out);
  }

  private static String option(String[] args, String name, String otherwise) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return otherwise;
  }

  /** How the demo is started for the start-up figures. */
  enum StartupSubject {
    NO_AGENT("without an agent", List.of()),
    BATON_AGENT("with Baton's agent", List.of("-javaagent:" + AGENT)),
    OPENTELEMETRY_AGENT(
        "with OpenTelemetry's agent, exporters off",
        List.of(
            "-javaagent:" + OPENTELEMETRY,
            "-Dotel.traces.exporter=none",
            "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none"));

    final String label;
    final List<String> jvmOptions;

    StartupSubject(String label, List<String> jvmOptions) {
      this.label = label;
      this.jvmOptions = jvmOptions;
    }
  }

  /** Starts the demo in serving mode and times its first response from the moment the JVM was launched. */
  static long millisToFirstResponse(StartupSubject subject) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(subject.jvmOptions);
    // Under Baton's agent baton-core comes from the bootstrap class path; the others need it here
    String classPath = subject == StartupSubject.BATON_AGENT ? EXAMPLES.toString() : EXAMPLES + File.pathSeparator + CORE;
    command.addAll(List.of("-cp", classPath, "dev.baton.examples.RequestIdLogger", "--port", "0"));
    long launched = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        Matcher listening = LISTENING.matcher(line);
        if (listening.find()) {
          HttpURLConnection connection = (HttpURLConnection) URI.create(listening.group(1)).toURL().openConnection();
          int status = connection.getResponseCode();
          long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
          if (status != 200) {
            throw new IllegalStateException("the demo answered " + status);
          }
          return elapsed;
        }
      }
      throw new IllegalStateException("the demo exited without serving: " + command);
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Collection<RunResult> runHandoff(boolean agent, boolean quick) throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(ExecutorHandoffBenchmark.class.getName())
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true);
    if (quick) {
      options.warmupIterations(3).measurementIterations(5);
    }
    if (agent) {
      options.jvmArgsAppend("-javaagent:" + AGENT.toAbsolutePath());
    }
    return new Runner(options.build()).run();
  }

  /** The score and the allocation per operation of one benchmark run. */
  static final class Row {
    final String label;
    final double nanos;
    final double error;
    final double bytes;

    Row(String label, double nanos, double error, double bytes) {
      this.label = label;
      this.nanos = nanos;
      this.error = error;
      this.bytes = bytes;
    }

    static Row of(RunResult run) {
      Result<?> primary = run.getPrimaryResult();
      Result<?> allocation = run.getSecondaryResults().get("gc.alloc.rate.norm");
      return new Row(
          run.getParams().getParam("task"),
          primary.getScore(),
          primary.getScoreError(),
          allocation == null ? Double.NaN : allocation.getScore());
    }

    String format(String pattern) {
      return String.format(Locale.ROOT, pattern, nanos, error, bytes);
    }
  }
}

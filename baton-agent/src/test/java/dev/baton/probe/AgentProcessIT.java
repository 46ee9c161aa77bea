package dev.baton.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent as users start it, in a JVM of its own: its options, its failure reports, and other
 * agents beside it. The checks are {@link Probe}'s.
 */
class AgentProcessIT {

  private static final String AGENT = System.getProperty("baton.agentJar");
  private static final String OPENTELEMETRY_AGENT = System.getProperty("opentelemetry.agent.jar");
  private static final String TTL_AGENT = System.getProperty("ttl.agent.jar");
  private static final List<String> QUIET_OPENTELEMETRY =
      List.of(
          "-Dotel.traces.exporter=none",
          "-Dotel.metrics.exporter=none",
          "-Dotel.logs.exporter=none",
          "-Dotel.javaagent.logging=none");

  @Test
  void debugListsWhatWasInstrumented() throws Exception {
    Run run = run(List.of("-javaagent:" + AGENT, "-Dbaton.agent.debug=true"), "executor", "own-executor");

    assertThat(run.stdout).containsExactly("executor: r1", "own-executor: r2", "done");
    assertThat(run.stderr)
        .contains(
            "baton-agent: instrumented java.util.concurrent.ThreadPoolExecutor",
            "baton-agent: instrumented dev.baton.probe.Probe$OwnThreadExecutor");
  }

  @Test
  void agentOptionsTurnDiagnosticsOnFromTheStart() throws Exception {
    Run run =
        run(
            List.of("-javaagent:" + AGENT + "=detectContextLoss=true;asyncTraces.uncaught=true;strict=true"),
            "lost-queue",
            "uncaught-trace");

    assertThat(run.stdout).containsExactly("lost-queue: job null", "uncaught-trace: done", "done");
    assertThat(run.stderr)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("baton: context lost: getStore() of \"request\" found no store at dev.baton.probe.Probe.lambda$lostQueue"))
        .anySatisfy(line -> assertThat(line).contains("through java.util.concurrent.LinkedBlockingQueue.put"))
        .contains("Exception in thread \"dying\" java.lang.IllegalStateException: escaped")
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("Suppressed: dev.baton.internal.diagnostics.Traces$SubmittedFrom: Thread handed over on thread \"pool-"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("Suppressed: dev.baton.internal.diagnostics.Traces$SubmittedFrom: Task handed over on thread \"main\""));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "=detectContextLos=true|baton-agent: unknown option \"detectContextLos\" (did you mean detectContextLoss?); the options are",
        "=bogus=1|baton-agent: unknown option \"bogus\"; the options are",
        "=asyncTraces.depth=-3|baton-agent: option asyncTraces.depth=-3 is not accepted: it takes a whole number from 1 to 1000; the agent is not installed",
        "=asyncTraces.depth=abc|baton-agent: option asyncTraces.depth=abc is not accepted: it takes a whole number from 1 to 1000; the agent is not installed",
        "-Dbaton.agent.strict=maybe|baton-agent: option -Dbaton.agent.strict=maybe is not accepted: it takes true or false; the agent is not installed",
      })
  void aWrongOptionIsOneLineAndTheProgramRunsWithoutTheAgent(String option, String line) throws Exception {
    List<String> jvm =
        option.startsWith("-D")
            ? List.of("-javaagent:" + AGENT, option)
            : List.of("-javaagent:" + AGENT + option);

    Run run = run(jvm, "agent");

    assertThat(run.stdout).containsExactly("agent installed: false", "done");
    assertThat(run.stderr).singleElement().asString().startsWith(line).endsWith("; the agent is not installed");
  }

  @Test
  void withoutDebugTheAgentIsSilent() throws Exception {
    Run run = run(List.of("-javaagent:" + AGENT), "executor", "own-executor");

    assertThat(run.stdout).containsExactly("executor: r1", "own-executor: r2", "done");
    assertThat(run.stderr).noneMatch(line -> line.startsWith("baton"));
  }

  @Test
  void anExcludedExecutorIsLeftUntouchedAndTheOthersStillPropagate() throws Exception {
    Run run =
        run(
            List.of("-javaagent:" + AGENT, "-Dbaton.agent.exclude=dev.baton.probe.Probe$OwnThreadExecutor"),
            "own-executor",
            "executor");

    assertThat(run.stdout).containsExactly("own-executor: null", "executor: r1", "done");
  }

  @Test
  void anExcludedTaskClassIsLeftUntouchedAndStillRunsInItsSubmittersContext() throws Exception {
    Run run =
        run(
            List.of(
                "-javaagent:" + AGENT,
                "-Dbaton.agent.debug=true",
                "-Dbaton.agent.exclude=dev.baton.probe.Probe$ExcludedTask"),
            "excluded-task");

    assertThat(run.stdout).containsExactly("excluded-task: r7", "done");
    assertThat(run.stderr).doesNotContain("baton-agent: instrumented dev.baton.probe.Probe$ExcludedTask");
  }

  @Test
  void optionsCanBeGivenAsAgentArguments() throws Exception {
    Run run =
        run(
            List.of("-javaagent:" + AGENT + "=debug=true;exclude=dev.baton.probe.Probe$OwnThreadExecutor"),
            "own-executor");

    assertThat(run.stdout).containsExactly("own-executor: null", "done");
    assertThat(run.stderr).contains("baton-agent: instrumented java.util.concurrent.ForkJoinPool");
    assertThat(run.stderr).doesNotContain("baton-agent: instrumented dev.baton.probe.Probe$OwnThreadExecutor");
  }

  @Test
  void aClassThatCannotBeInstrumentedGetsOneLineAndTheProgramGoesOn() throws Exception {
    Run run = run(List.of("-javaagent:" + AGENT), "uninstrumentable");

    assertThat(run.stdout).containsExactly("uninstrumentable: ran", "executor: r1", "done");
    List<String> reports = run.stderr.stream().filter(line -> line.startsWith("baton")).collect(Collectors.toList());
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0))
        .startsWith("baton-agent: could not instrument dev.baton.probe.ProbeHugeTask (")
        .endsWith("); it runs unchanged");
  }

  @Test
  void aRenamedAgentJarStillInstallsAndSaysWhatOtherAgentsMiss() throws Exception {
    Path renamed = Files.createTempDirectory("baton").resolve("renamed-agent.jar");
    Files.copy(Path.of(AGENT), renamed);
    try {
      // Not on the class path either, so that the JVM loads the agent from the renamed jar only
      String classPath =
          Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
              .filter(entry -> !entry.endsWith("baton-agent.jar"))
              .collect(Collectors.joining(File.pathSeparator));
      Run run = run(List.of("-javaagent:" + renamed, "-cp", classPath), "executor", "stage");

      assertThat(run.stdout).containsExactly("executor: r1", "stage: stage-r5 future-task: r6", "done");
      assertThat(run.stderr.stream().filter(line -> line.startsWith("baton")))
          .containsExactly(
              "baton-agent: the JVM did not put renamed-agent.jar on the bootstrap class path (was it"
                  + " renamed? name it baton-agent.jar): other agents that instrument the same classes"
                  + " cannot read Baton's");
    } finally {
      Files.delete(renamed);
      Files.delete(renamed.getParent());
    }
  }

  @Test
  void batonStartedBeforeTheOpenTelemetryAgentPropagatesEverywhereAndBothKeepWorking() throws Exception {
    // TransmittableThreadLocal's agent must come first whatever follows it, as its FAQ says
    Run run = runBeside(TTL_AGENT, AGENT, OPENTELEMETRY_AGENT);

    assertThat(run.stdout)
        .containsExactly(
            "opentelemetry: valid=true same-trace=true store=r3",
            "ttl: ttl-value r4",
            "executor: r1",
            "stage: stage-r5 future-task: r6",
            "done");
    assertThat(run.stderr).noneMatch(line -> line.startsWith("baton"));
  }

  @Test
  void batonStartedAfterTheOpenTelemetryAgentSaysWhatItCannotInstrumentAndKeepsTheRest()
      throws Exception {
    Run run = runBeside(TTL_AGENT, OPENTELEMETRY_AGENT, AGENT);

    assertThat(run.stdout)
        .startsWith("opentelemetry: valid=true same-trace=true store=r3", "ttl: ttl-value r4", "executor: r1")
        .endsWith("done");
    List<String> reports = run.stderr.stream().filter(line -> line.startsWith("baton")).collect(Collectors.toList());
    assertThat(reports)
        .allMatch(
            line ->
                line.matches("baton-agent: could not instrument \\S+ \\(.*\\); it runs unchanged")
                    || line.equals(
                        "baton-agent: an agent started before Baton changed classes in a way the JVM cannot"
                            + " retransform; put -javaagent:baton-agent.jar before it on the command line"));
  }

  /** Runs the probe's checks of every agent with the agents started in the order given. */
  private static Run runBeside(String... agents) throws IOException, InterruptedException {
    List<String> options = new ArrayList<>();
    for (String agent : agents) {
      options.add("-javaagent:" + agent);
    }
    options.addAll(QUIET_OPENTELEMETRY);
    return run(options, "opentelemetry", "ttl", "executor", "stage");
  }

  private static Run run(List<String> jvmOptions, String... checks) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    if (!jvmOptions.contains("-cp")) {
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
    }
    command.add(Probe.class.getName());
    command.addAll(Arrays.asList(checks));
    File out = File.createTempFile("probe", ".out");
    File err = File.createTempFile("probe", ".err");
    try {
      Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the probe did not finish within 120 s: " + command);
      }
      Run run = new Run(lines(out), lines(err));
      assertThat(process.exitValue()).as("exit code; stderr: %s", run.stderr).isZero();
      return run;
    } finally {
      Files.deleteIfExists(out.toPath());
      Files.deleteIfExists(err.toPath());
    }
  }

  private static List<String> lines(File file) throws IOException {
    return Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
  }

  private static final class Run {
    final List<String> stdout;
    final List<String> stderr;

    Run(List<String> stdout, List<String> stderr) {
      this.stdout = stdout;
      this.stderr = stderr;
    }
  }
}

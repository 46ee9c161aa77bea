package dev.baton.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A suite run that fails late keeps what it measured before, and says what failed. */
class StagesTest {

  @TempDir Path directory;

  private final PrintStream standardError = System.err;
  private final ByteArrayOutputStream reported = new ByteArrayOutputStream();

  @BeforeEach
  void captureStandardError() {
    System.setErr(new PrintStream(reported, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStandardError() {
    System.setErr(standardError);
  }

  @Test
  void aFailingStageIsNamedInTheReportAndTheNextStageStillRunsAndIsSaved() throws Exception {
    Path saved = directory.resolve("results.ser");
    Results results = new Results();
    Stages stages = new Stages(results, saved);

    stages.run("the first stage", () -> results.node.put("first", 1.0));
    assertThat(Results.load(saved).node).containsOnlyKeys("first");

    stages.run("the start-up", () -> {
      results.node.put("half of the second", 2.0);
      throw new IllegalStateException("the application never answered");
    });
    stages.run("the last stage", () -> results.node.put("last", 3.0));

    Results loaded = Results.load(saved);
    assertThat(stages.failed()).isEqualTo(1);
    assertThat(loaded.node).containsOnlyKeys("first", "half of the second", "last");
    assertThat(loaded.notMeasured)
        .containsExactly(
            "the start-up (the stage failed: java.lang.IllegalStateException: the application never answered)");
    assertThat(reported.toString(StandardCharsets.UTF_8))
        .contains("=== the start-up failed; the suite goes on without it:", "the application never answered");
  }

  @Test
  void anInterruptedStageStopsTheSuiteWithWhatWasMeasuredSaved() throws Exception {
    Path saved = directory.resolve("results.ser");
    Results results = new Results();
    Stages stages = new Stages(results, saved);

    assertThatThrownBy(
            () ->
                stages.run("the HTTP load", () -> {
                  results.node.put("before the interrupt", 1.0);
                  throw new InterruptedException("stopped");
                }))
        .isInstanceOf(InterruptedException.class)
        .hasMessage("stopped");

    assertThat(Results.load(saved).node).containsOnlyKeys("before the interrupt");
    assertThat(stages.failed()).isZero();
  }
}

package dev.baton.benchmarks;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs the suite's stages one after the other and saves every figure measured so far after each,
 * so that {@code --report-only} can write the report of a run that stopped. A stage that fails is
 * named in the report with its failure, and the next one runs: a full run's two hours are not lost
 * to its last stage.
 */
final class Stages {

  /** One stage of the suite. */
  interface Stage {
    void run() throws Exception;
  }

  private final Results results;
  private final Path savedTo;
  private int failed;

  Stages(Results results, Path savedTo) {
    this.results = results;
    this.savedTo = savedTo;
  }

  /**
   * Runs {@code stage}, then saves the results.
   *
   * @throws InterruptedException if the stage was interrupted: the suite stops, its figures saved
   */
  void run(String what, Stage stage) throws IOException, InterruptedException {
    try {
      stage.run();
    } catch (InterruptedException interrupted) {
      results.save(savedTo);
      throw interrupted;
    } catch (Exception failure) {
      failed++;
      results.notMeasured.add(what + " (the stage failed: " + failure + ")");
      System.err.println("=== " + what + " failed; the suite goes on without it:");
      failure.printStackTrace();
    }
    results.save(savedTo);
  }

  /** How many stages failed so far. */
  int failed() {
    return failed;
  }
}

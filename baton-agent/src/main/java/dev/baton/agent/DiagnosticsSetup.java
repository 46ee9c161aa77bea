package dev.baton.agent;

import dev.baton.internal.diagnostics.Diagnosis;
import dev.baton.internal.diagnostics.Traces;
import dev.baton.internal.handoff.Handoffs;
import java.lang.instrument.Instrumentation;

/**
 * Hands Baton's diagnostics the means to instrument what they need when they are turned on, and
 * turns on those the options ask for.
 */
final class DiagnosticsSetup {

  private DiagnosticsSetup() {}

  static void install(Instrumentation instrumentation, AgentOptions options) {
    Diagnosis.lossInstrumentation(
        once(() -> DiagnosticsInstaller.installLossDetection(instrumentation, options.debug)),
        Handoffs::carriesContext);
    Traces.throwableInstrumentation(
        once(() -> DiagnosticsInstaller.installThrowableLinking(instrumentation, options.debug)));
    if (options.strict) {
      Diagnosis.strictMode(true);
    }
    if (options.detectContextLoss) {
      Diagnosis.detectContextLoss(true);
    }
    if (options.asyncTraces) {
      Traces.enable(options.asyncTracesDepth, options.asyncTracesUncaught);
    }
  }

  private static Runnable once(Runnable installation) {
    return new Runnable() {
      private boolean done;

      @Override
      public synchronized void run() {
        if (!done) {
          done = true;
          installation.run();
        }
      }
    };
  }
}

package dev.baton.benchmarks;

import dev.baton.AsyncTraces;
import dev.baton.Diagnostics;

/** Turns diagnostics on and off for {@link DiagnosticsBenchmark}, away from its own code. */
final class DiagnosticsSwitch {

  private DiagnosticsSwitch() {}

  static void turnOn(String mode) {
    switch (mode) {
      case "strict":
        Diagnostics.strictMode(true);
        break;
      case "traces":
        AsyncTraces.enable();
        break;
      case "loss-detection":
        Diagnostics.detectContextLoss(true);
        break;
      default:
        throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  static void turnOff() {
    Diagnostics.strictMode(false);
    AsyncTraces.disable();
    Diagnostics.detectContextLoss(false);
  }
}

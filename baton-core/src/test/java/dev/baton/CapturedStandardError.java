package dev.baton;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test prints on the standard error, held for its assertions instead of printed: Baton's
 * diagnostics print there, and the tests that provoke them assert what they print. Held from before
 * the test's {@code @BeforeEach} methods until after its {@code @AfterEach} methods.
 */
final class CapturedStandardError implements BeforeEachCallback, AfterEachCallback {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private PrintStream original;

  @Override
  public void beforeEach(ExtensionContext context) {
    printed.reset();
    original = System.err;
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.setErr(original);
  }

  /** Everything printed on the standard error since the test started. */
  String printed() {
    synchronized (printed) {
      return printed.toString(StandardCharsets.UTF_8);
    }
  }
}

package dev.baton.smoke;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * A Java agent whose class file transformer changes nothing, registered as Baton's and
 * OpenTelemetry's are (able to retransform): launched beside them by {@link StartupRounds}, it
 * shows what any agent with a transformer costs an application's start-up before doing any work
 * of its own, as the JVM hands every class it defines to the transformer.
 */
public final class NoOpAgent {

  private NoOpAgent() {}

  /** Registers the transformer. */
  public static void premain(String options, Instrumentation instrumentation) {
    instrumentation.addTransformer(new Unchanged(), true);
  }

  /** The transformer: it returns null, the JVM's sign that the class file stays as it is. */
  static final class Unchanged implements ClassFileTransformer {
    @Override
    public byte[] transform(
        ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
      return null;
    }
  }
}

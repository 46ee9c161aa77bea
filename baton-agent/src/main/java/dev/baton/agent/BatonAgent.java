package dev.baton.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * The agent's entry point: {@code -javaagent:baton-agent.jar[=options]}.
 *
 * <p>It first puts baton-core on the bootstrap class path, so that the JDK classes it instruments
 * and the application share one {@code AsyncLocalStorage} class, whether or not the application
 * also depends on baton-core; only then does it touch a Baton class. Options are described in
 * {@link AgentOptions}.
 */
public final class BatonAgent {

  private static final String NESTED_CORE = "baton-core.jar";

  private static boolean started;

  private BatonAgent() {}

  /**
   * Called by the JVM before {@code main} for {@code -javaagent}.
   *
   * @param arguments the options after {@code =}, or null
   * @param instrumentation the JVM's instrumentation
   */
  public static void premain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation);
  }

  /**
   * Called by the JVM when the agent is attached to a running JVM. Classes loaded before may
   * already hold their own copy of Baton: prefer {@code -javaagent}.
   *
   * @param arguments the options, or null
   * @param instrumentation the JVM's instrumentation
   */
  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation);
  }

  private static synchronized void start(String arguments, Instrumentation instrumentation) {
    if (started) {
      return;
    }
    started = true;
    try {
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(extractCore().toFile()));
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "baton-agent: cannot put baton-core on the bootstrap class path ("
              + e
              + "); the agent is not installed and context propagates only where wrapped");
      return;
    }
    useByteBuddyWithoutUnsafe();
    long startedAt = System.nanoTime();
    AgentOptions options = AgentOptions.parse(arguments, System.getProperties());
    Installer.install(instrumentation, options);
    DiagnosticsSetup.install(instrumentation, options);
    if (options.debug) {
      System.err.printf(
          "baton-agent: installed in %d ms%n", (System.nanoTime() - startedAt) / 1_000_000);
    }
  }

  /**
   * Advice is inlined into existing classes, so the agent never injects classes and has no use
   * for {@code sun.misc.Unsafe}, whose use newer JDKs warn about. The property's name follows the
   * relocated package of the agent's own ByteBuddy, which no other agent shares.
   */
  private static void useByteBuddyWithoutUnsafe() {
    String property = net.bytebuddy.ByteBuddy.class.getPackageName() + ".safe";
    if (System.getProperty(property) == null) {
      System.setProperty(property, "true");
    }
  }

  private static Path extractCore() throws IOException {
    try (InputStream in = BatonAgent.class.getResourceAsStream(NESTED_CORE)) {
      if (in == null) {
        throw new IOException(NESTED_CORE + " is missing from the agent jar");
      }
      Path file = Files.createTempFile("baton-core-", ".jar");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    }
  }
}

package dev.baton.agent;

import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * The agent's entry point: {@code -javaagent:baton-agent.jar[=options]}.
 *
 * <p>Baton's classes must be loaded by the bootstrap class loader, so that the JDK classes it
 * instruments and the application share one {@code AsyncLocalStorage} class, whether or not the
 * application also depends on baton-core. The jar's manifest names itself in {@code
 * Boot-Class-Path}, which the JVM applies as it loads the agent: Baton's class files are then also
 * readable as resources, which other agents (OpenTelemetry's) need to resolve the types Baton adds
 * to task classes. When that did not happen (the jar was renamed, or the agent is attached to a
 * running JVM), the agent appends its jar itself before it touches a Baton class. Options are
 * described in {@link AgentOptions}.
 */
public final class BatonAgent {

  private static final String JAR_NAME = "baton-agent.jar";

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
    if (BatonAgent.class.getClassLoader() != null) {
      try {
        File jar = new File(BatonAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
        if (!jar.getName().equals(JAR_NAME)) {
          System.err.println(
              "baton-agent: the agent jar is named "
                  + jar.getName()
                  + "; named "
                  + JAR_NAME
                  + ", its classes would be readable by other agents that instrument the same classes");
        }
      } catch (IOException | URISyntaxException | RuntimeException e) {
        System.err.println(
            "baton-agent: cannot put Baton on the bootstrap class path ("
                + e
                + "); the agent is not installed and context propagates only where wrapped");
        return;
      }
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
}

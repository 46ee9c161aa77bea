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
 * running JVM), the agent appends its jar itself before it touches a Baton class. The manifest
 * names the jar as this build and as a Maven repository name it. Options are
 * described in {@link AgentOptions}.
 */
public final class BatonAgent {

  private static boolean started;

  private BatonAgent() {}

  /**
   * Called by the JVM before {@code main} for {@code -javaagent}.
   *
   * @param arguments the options after {@code =}, or null
   * @param instrumentation the JVM's instrumentation
   */
  public static void premain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, true);
  }

  /**
   * Called by the JVM when the agent is attached to a running JVM. Classes loaded before may
   * already hold their own copy of Baton: prefer {@code -javaagent}.
   *
   * @param arguments the options, or null
   * @param instrumentation the JVM's instrumentation
   */
  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, false);
  }

  private static synchronized void start(
      String arguments, Instrumentation instrumentation, boolean atStartup) {
    if (started) {
      return;
    }
    started = true;
    if (BatonAgent.class.getClassLoader() == null) {
      AgentStart.start(arguments, instrumentation);
      return;
    }
    try {
      File jar = new File(BatonAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
      if (atStartup) {
        System.err.println(
            "baton-agent: the JVM did not put "
                + jar.getName()
                + " on the bootstrap class path (was it renamed? name it baton-agent.jar):"
                + " other agents that instrument the same classes cannot read Baton's");
      }
      // The rest of the agent, and Baton, from the bootstrap class path: one copy of each class
      Class.forName("dev.baton.agent.AgentStart", true, null)
          .getMethod("start", String.class, Instrumentation.class)
          .invoke(null, arguments, instrumentation);
    } catch (IOException | URISyntaxException | ReflectiveOperationException | RuntimeException e) {
      System.err.println(
          "baton-agent: cannot put Baton on the bootstrap class path ("
              + e
              + "); the agent is not installed and context propagates only where wrapped");
    }
  }
}

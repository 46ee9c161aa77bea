package dev.baton.agent;

import java.lang.instrument.Instrumentation;

/**
 * Installs the agent, once its classes and Baton's are on the bootstrap class path: {@link
 * BatonAgent} calls it directly when the JVM put them there, or a copy it loads from there.
 */
public final class AgentStart {

  private AgentStart() {}

  /**
   * Installs Baton's instrumentation, unless an option is wrong: then each wrong option is one
   * line on the standard error, and the application runs without the agent.
   *
   * @param arguments the agent's options, or null
   * @param instrumentation the JVM's instrumentation
   */
  public static void start(String arguments, Instrumentation instrumentation) {
    configureByteBuddy();
    long startedAt = System.nanoTime();
    AgentOptions options;
    try {
      options = AgentOptions.parse(arguments, System.getProperties());
    } catch (AgentOptions.Invalid wrong) {
      // The application runs on without Baton, rather than with options its owner did not mean
      for (String problem : wrong.problems()) {
        System.err.println("baton-agent: " + problem + "; the agent is not installed");
      }
      return;
    }
    Installer.install(instrumentation, options);
    DiagnosticsSetup.install(instrumentation, options);
    if (options.debug) {
      System.err.printf(
          "baton-agent: installed in %d ms%n", (System.nanoTime() - startedAt) / 1_000_000);
    }
  }

  /**
   * Advice is inlined into existing classes, so the agent never injects classes and has no use
   * for {@code sun.misc.Unsafe}, whose use newer JDKs warn about. ByteBuddy reaches the JDK's
   * newer APIs through dispatchers, which it writes itself with the ASM it carries anyway
   * ({@code generate}) instead of as {@code java.lang.reflect.Proxy} classes: making those costs
   * the JDK's own proxy generator, cold, a few dozen times at start-up. The properties' names
   * follow the relocated package of the agent's own ByteBuddy, which no other agent shares; one
   * set on the command line wins.
   */
  private static void configureByteBuddy() {
    String relocated = net.bytebuddy.ByteBuddy.class.getPackageName();
    setUnlessSet(relocated + ".safe");
    setUnlessSet(relocated + ".generate");
  }

  private static void setUnlessSet(String property) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, "true");
    }
  }
}

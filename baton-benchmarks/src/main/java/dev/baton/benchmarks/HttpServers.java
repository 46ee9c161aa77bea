package dev.baton.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The servers loaded with {@code wrk}, by the label the report gives them. */
final class HttpServers {

  static final String JAVA_PLAIN = "JDK `HttpServer`, without the agent (no context tracking across the hop)";
  static final String JAVA_AGENT = "JDK `HttpServer`, with Baton's agent";
  static final String NETTY_PLAIN = "Netty, without the agent (no context tracking across the hop)";
  static final String NETTY_AGENT = "Netty, with Baton's agent";
  static final String NETTY_OPENTELEMETRY = "Netty, with OpenTelemetry's agent (exporters off; it also traces each request)";
  static final String NODE_PLAIN = "Node 24, without AsyncLocalStorage";
  static final String NODE_ALS = "Node 24, with AsyncLocalStorage (the seed's server)";

  /** Each server with context tracking, and the same server without it. */
  static final Map<String, String> WITHOUT_TRACKING =
      Map.of(
          JAVA_PLAIN, JAVA_PLAIN,
          JAVA_AGENT, JAVA_PLAIN,
          NETTY_PLAIN, NETTY_PLAIN,
          NETTY_AGENT, NETTY_PLAIN,
          NETTY_OPENTELEMETRY, NETTY_PLAIN,
          NODE_PLAIN, NODE_PLAIN,
          NODE_ALS, NODE_PLAIN);

  private HttpServers() {}

  /** Label to the command that starts the server on a free port; Node's only when Node is at hand. */
  static Map<String, List<String>> commands(String node) {
    Map<String, List<String>> servers = new LinkedHashMap<>();
    servers.put(JAVA_PLAIN, Startup.demoCommand(Startup.Subject.NO_AGENT));
    servers.put(JAVA_AGENT, Startup.demoCommand(Startup.Subject.BATON_AGENT));
    servers.put(NETTY_PLAIN, nettyCommand(List.of()));
    servers.put(NETTY_AGENT, nettyCommand(List.of("-javaagent:" + Paths.BATON_AGENT)));
    servers.put(NETTY_OPENTELEMETRY, nettyCommand(Startup.Subject.OPENTELEMETRY_AGENT.jvmOptions()));
    if (node != null) {
      String script = Paths.NODE_SCRIPTS.resolve("server.mjs").toString();
      servers.put(NODE_PLAIN, new ArrayList<>(List.of(node, script, "--no-als", "--port", "0")));
      servers.put(NODE_ALS, new ArrayList<>(List.of(node, script, "--port", "0")));
    }
    return servers;
  }

  /** The seed's server on Netty, {@code NettyRequestIdLogger}, with the examples' class path. */
  private static List<String> nettyCommand(List<String> jvmOptions) {
    String classPath;
    try {
      classPath = Files.readString(Paths.EXAMPLES_CLASS_PATH).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Startup.serverCommand(
        jvmOptions, Paths.EXAMPLES + File.pathSeparator + classPath, "dev.baton.examples.NettyRequestIdLogger");
  }
}

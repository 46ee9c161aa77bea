package dev.baton.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The servers loaded with {@code wrk}, by the label the report gives them. */
final class HttpServers {

  static final String JAVA_PLAIN = "Java, without the agent (no context tracking across the hop)";
  static final String JAVA_AGENT = "Java, with Baton's agent";
  static final String NODE_PLAIN = "Node 24, without AsyncLocalStorage";
  static final String NODE_ALS = "Node 24, with AsyncLocalStorage (the seed's server)";

  private HttpServers() {}

  /** Label to the command that starts the server on a free port; Node's only when Node is at hand. */
  static Map<String, List<String>> commands(String node) {
    Map<String, List<String>> servers = new LinkedHashMap<>();
    servers.put(JAVA_PLAIN, Startup.demoCommand(Startup.Subject.NO_AGENT));
    servers.put(JAVA_AGENT, Startup.demoCommand(Startup.Subject.BATON_AGENT));
    if (node != null) {
      String script = Paths.NODE_SCRIPTS.resolve("server.mjs").toString();
      servers.put(NODE_PLAIN, new ArrayList<>(List.of(node, script, "--no-als", "--port", "0")));
      servers.put(NODE_ALS, new ArrayList<>(List.of(node, script, "--port", "0")));
    }
    return servers;
  }
}

package dev.baton.agent;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;

/**
 * The agent's options, from system properties or from the agent's arguments
 * ({@code -javaagent:baton-agent.jar=debug=true;exclude=com.example.MyExecutor}):
 *
 * <ul>
 *   <li>{@code baton.agent.debug} ({@code debug}): {@code true} prints each class the agent
 *       instruments.
 *   <li>{@code baton.agent.exclude} ({@code exclude}): comma-separated names of classes (executors,
 *       tasks, threads) the agent leaves untouched.
 * </ul>
 *
 * System properties win over arguments.
 */
final class AgentOptions {

  final boolean debug;
  final Set<String> excludedClasses;

  private AgentOptions(boolean debug, Set<String> excludedClasses) {
    this.debug = debug;
    this.excludedClasses = excludedClasses;
  }

  static AgentOptions parse(String arguments, Properties systemProperties) {
    Properties options = new Properties();
    if (arguments != null) {
      for (String option : arguments.split(";")) {
        int equals = option.indexOf('=');
        if (equals > 0) {
          options.setProperty(option.substring(0, equals).trim(), option.substring(equals + 1).trim());
        } else if (!option.isBlank()) {
          options.setProperty(option.trim(), "true");
        }
      }
    }
    String debug = systemProperties.getProperty("baton.agent.debug", options.getProperty("debug", "false"));
    String exclude = systemProperties.getProperty("baton.agent.exclude", options.getProperty("exclude", ""));
    Set<String> excluded = new LinkedHashSet<>();
    Arrays.stream(exclude.split(",")).map(String::trim).filter(name -> !name.isEmpty()).forEach(excluded::add);
    return new AgentOptions(Boolean.parseBoolean(debug), excluded);
  }
}

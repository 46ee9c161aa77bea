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
 *   <li>{@code baton.agent.detectContextLoss} ({@code detectContextLoss}): {@code true} reports
 *       reads that find no store because their work was handed over through something Baton does
 *       not propagate (see {@code dev.baton.Diagnostics}).
 *   <li>{@code baton.agent.strict} ({@code strict}): {@code true} turns strict mode on.
 *   <li>{@code baton.agent.asyncTraces} ({@code asyncTraces}): {@code true} records async stack
 *       traces (see {@code dev.baton.AsyncTraces}); {@code asyncTraces.uncaught=true} also adds
 *       them to exceptions that escape a task; {@code asyncTraces.depth=N} keeps N hops (8).
 * </ul>
 *
 * System properties win over arguments.
 */
final class AgentOptions {

  final boolean debug;
  final Set<String> excludedClasses;
  final boolean detectContextLoss;
  final boolean strict;
  final boolean asyncTraces;
  final boolean asyncTracesUncaught;
  final int asyncTracesDepth;

  private AgentOptions(Properties systemProperties, Properties arguments) {
    this.debug = flag("debug", systemProperties, arguments);
    String exclude = value("exclude", "", systemProperties, arguments);
    Set<String> excluded = new LinkedHashSet<>();
    Arrays.stream(exclude.split(",")).map(String::trim).filter(name -> !name.isEmpty()).forEach(excluded::add);
    this.excludedClasses = excluded;
    this.detectContextLoss = flag("detectContextLoss", systemProperties, arguments);
    this.strict = flag("strict", systemProperties, arguments);
    this.asyncTracesUncaught = flag("asyncTraces.uncaught", systemProperties, arguments);
    this.asyncTraces = asyncTracesUncaught || flag("asyncTraces", systemProperties, arguments);
    String depth = value("asyncTraces.depth", "8", systemProperties, arguments);
    try {
      this.asyncTracesDepth = Integer.parseInt(depth.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("asyncTraces.depth must be a number, got \"" + depth + "\"");
    }
  }

  private static String value(String name, String fallback, Properties systemProperties, Properties arguments) {
    return systemProperties.getProperty("baton.agent." + name, arguments.getProperty(name, fallback));
  }

  private static boolean flag(String name, Properties systemProperties, Properties arguments) {
    return Boolean.parseBoolean(value(name, "false", systemProperties, arguments));
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
    return new AgentOptions(systemProperties, options);
  }
}

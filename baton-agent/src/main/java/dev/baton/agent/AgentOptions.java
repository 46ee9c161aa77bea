package dev.baton.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <p>System properties win over arguments. Every option is checked: an unknown name (in the
 * arguments, or a system property starting with {@code baton.agent.}), a flag that is neither
 * {@code true} nor {@code false}, or a depth that is not a whole number of at least 1 is an {@link
 * Invalid} option, one line each, and the agent is not installed.
 */
final class AgentOptions {

  private static final String PREFIX = "baton.agent.";
  private static final String FLAG = "true or false";
  private static final String DEPTH_MAX = "1000";

  /** Each option, and what it accepts. */
  private static final Map<String, String> ACCEPTED = new LinkedHashMap<>();

  static {
    ACCEPTED.put("debug", FLAG);
    ACCEPTED.put("exclude", "class names separated by commas");
    ACCEPTED.put("detectContextLoss", FLAG);
    ACCEPTED.put("strict", FLAG);
    ACCEPTED.put("asyncTraces", FLAG);
    ACCEPTED.put("asyncTraces.uncaught", FLAG);
    ACCEPTED.put("asyncTraces.depth", "a whole number from 1 to " + DEPTH_MAX);
  }

  final boolean debug;
  final Set<String> excludedClasses;
  final boolean detectContextLoss;
  final boolean strict;
  final boolean asyncTraces;
  final boolean asyncTracesUncaught;
  final int asyncTracesDepth;

  private AgentOptions(Properties systemProperties, Properties arguments) {
    List<String> problems = new ArrayList<>();
    for (String name : arguments.stringPropertyNames()) {
      if (!ACCEPTED.containsKey(name)) {
        problems.add(unknown(name, name));
      }
    }
    for (String property : systemProperties.stringPropertyNames()) {
      if (property.startsWith(PREFIX) && !ACCEPTED.containsKey(property.substring(PREFIX.length()))) {
        problems.add(unknown("-D" + property, property.substring(PREFIX.length())));
      }
    }
    Values values = new Values(systemProperties, arguments, problems);
    this.debug = values.flag("debug");
    Set<String> excluded = new LinkedHashSet<>();
    Arrays.stream(values.text("exclude", "").split(",")).map(String::trim).filter(name -> !name.isEmpty()).forEach(excluded::add);
    this.excludedClasses = excluded;
    this.detectContextLoss = values.flag("detectContextLoss");
    this.strict = values.flag("strict");
    this.asyncTracesUncaught = values.flag("asyncTraces.uncaught");
    this.asyncTraces = asyncTracesUncaught || values.flag("asyncTraces");
    this.asyncTracesDepth = values.depth("asyncTraces.depth", 8);
    if (!problems.isEmpty()) {
      throw new Invalid(problems);
    }
  }

  /**
   * Reads the options; {@code arguments} are {@code name=value} pairs separated by semicolons, a
   * name alone meaning {@code name=true}.
   *
   * @throws Invalid if any option is wrong, with one line for each
   */
  static AgentOptions parse(String arguments, Properties systemProperties) {
    Properties options = new Properties();
    if (arguments != null) {
      for (String option : arguments.split(";")) {
        int equals = option.indexOf('=');
        if (equals >= 0) {
          options.setProperty(option.substring(0, equals).trim(), option.substring(equals + 1).trim());
        } else if (!option.isBlank()) {
          options.setProperty(option.trim(), "true");
        }
      }
    }
    return new AgentOptions(systemProperties, options);
  }

  private static String unknown(String given, String name) {
    String closest = null;
    int closestDistance = 3; // further than two edits is no typo
    for (String known : ACCEPTED.keySet()) {
      int distance = distance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
      if (distance < closestDistance) {
        closest = known;
        closestDistance = distance;
      }
    }
    return "unknown option \"" + given + "\""
        + (closest == null ? "" : " (did you mean " + closest + "?)")
        + "; the options are " + String.join(", ", ACCEPTED.keySet());
  }

  /** The edit distance between two short names. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Where each option's value comes from, and the problems found in them. */
  private static final class Values {
    private final Properties systemProperties;
    private final Properties arguments;
    private final List<String> problems;

    Values(Properties systemProperties, Properties arguments, List<String> problems) {
      this.systemProperties = systemProperties;
      this.arguments = arguments;
      this.problems = problems;
    }

    String text(String name, String fallback) {
      return systemProperties.getProperty(PREFIX + name, arguments.getProperty(name, fallback));
    }

    private String given(String name) {
      return systemProperties.getProperty(PREFIX + name) != null ? "-D" + PREFIX + name : name;
    }

    boolean flag(String name) {
      String value = text(name, "false").trim();
      if (value.equalsIgnoreCase("true")) {
        return true;
      }
      if (!value.equalsIgnoreCase("false")) {
        problems.add(wrongValue(name, value));
      }
      return false;
    }

    int depth(String name, int fallback) {
      String value = text(name, String.valueOf(fallback)).trim();
      try {
        int depth = Integer.parseInt(value);
        if (depth >= 1 && depth <= Integer.parseInt(DEPTH_MAX)) {
          return depth;
        }
      } catch (NumberFormatException notANumber) {
        // reported below, as a value out of range is
      }
      problems.add(wrongValue(name, value));
      return fallback;
    }

    private String wrongValue(String name, String value) {
      return "option " + given(name) + "=" + value + " is not accepted: it takes " + ACCEPTED.get(name);
    }
  }

  /** Options that are wrong: one line for each. */
  static final class Invalid extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    Invalid(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    /** One line for each wrong option. */
    List<String> problems() {
      return problems;
    }
  }
}

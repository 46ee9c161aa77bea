package dev.baton.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's HTTP servers under {@code wrk} on loopback: requests per second, run by run. Alone,
 * it loads the servers whose label starts with the words given, in fresh JVMs, and prints each
 * server's median against the same server without context tracking, fork by fork:
 *
 * <pre>{@code
 * java -cp "baton-benchmarks/target/classes:baton-benchmarks/target/benchmarks.jar" \
 *     dev.baton.benchmarks.HttpLoad FORKS ROUNDS SECONDS "$(command -v wrk)" Netty
 * }</pre>
 */
final class HttpLoad {

  private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: (.*)");

  /** Long enough for a warm server to finish the compilations and collection its run left. */
  private static final long SETTLE_MILLIS = 2_000;

  private final String wrk;
  private final int seconds;
  private final int rounds;

  HttpLoad(String wrk, int seconds, int rounds) {
    this.wrk = wrk;
    this.seconds = seconds;
    this.rounds = rounds;
  }

  /**
   * Runs {@link #requestsPerSecond(Map)} {@code forks} times over, each time in fresh JVMs (how one
   * JVM compiles a server's request path differs from the next): each fork's runs, in order.
   */
  List<Map<String, List<Double>>> requestsPerSecond(Map<String, List<String>> servers, int forks)
      throws IOException, InterruptedException {
    List<Map<String, List<Double>>> byFork = new ArrayList<>();
    for (int fork = 0; fork < forks; fork++) {
      byFork.add(requestsPerSecond(servers));
    }
    return byFork;
  }

  /** Every server's runs of all {@code forks} together. */
  static Map<String, List<Double>> pooled(List<Map<String, List<Double>>> forks) {
    Map<String, List<Double>> runs = new LinkedHashMap<>();
    for (Map<String, List<Double>> fork : forks) {
      fork.forEach((server, rates) -> runs.computeIfAbsent(server, s -> new ArrayList<>()).addAll(rates));
    }
    return runs;
  }

  /**
   * Every server's throughput, run by run: all are started, each is warmed up until the JIT is
   * done with its request path, then rounds of one bounded run per server follow one another, so
   * that drift on a noisy machine hits every server alike. Each round starts with the next server
   * in turn, and while one server is loaded the others are stopped ({@code SIGSTOP}): nothing of
   * theirs (a compilation, a collection, a timer) runs in its time, and a pause between runs lets
   * each finish what its own run left before the next starts.
   */
  Map<String, List<Double>> requestsPerSecond(Map<String, List<String>> servers) throws IOException, InterruptedException {
    Map<String, Process> processes = new LinkedHashMap<>();
    Map<String, URI> uris = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, List<String>> server : servers.entrySet()) {
        Process process = new ProcessBuilder(server.getValue()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.put(server.getKey(), process);
        uris.put(server.getKey(), Startup.awaitListening(process, server.getValue()));
      }
      for (int warmUp = 0; warmUp < 2; warmUp++) {
        for (URI uri : uris.values()) {
          load(uri, Math.max(5, seconds)); // JIT, connections
        }
      }
      List<String> names = new ArrayList<>(uris.keySet());
      Map<String, List<Double>> runs = new LinkedHashMap<>();
      for (String name : names) {
        runs.put(name, new ArrayList<>());
      }
      for (int round = 0; round < rounds; round++) {
        for (int turn = 0; turn < names.size(); turn++) {
          String name = names.get((round + turn) % names.size());
          List<Process> others = new ArrayList<>(processes.values());
          others.remove(processes.get(name));
          Thread.sleep(SETTLE_MILLIS);
          signal("-STOP", others);
          try {
            runs.get(name).add(load(uris.get(name), seconds));
          } finally {
            signal("-CONT", others);
          }
        }
      }
      return runs;
    } finally {
      for (Process process : processes.values()) {
        Startup.stop(process);
      }
    }
  }

  /**
   * Loads the servers whose label starts with one of the last arguments (all of them when none is
   * given; Node's when {@code --node PATH} is among them) and prints each one's median, its runs'
   * range, and its ratio to the same server without context tracking, over all forks and fork by
   * fork.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 4) {
      throw new IllegalArgumentException("usage: HttpLoad FORKS ROUNDS SECONDS WRK [--node PATH] [LABEL PREFIX...]");
    }
    Paths.requireBuilt();
    int forks = Integer.parseInt(args[0]);
    HttpLoad load = new HttpLoad(args[3], Integer.parseInt(args[2]), Integer.parseInt(args[1]));
    String node = null;
    List<String> prefixes = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      if (args[i].equals("--node") && i + 1 < args.length) {
        node = args[++i];
      } else {
        prefixes.add(args[i]);
      }
    }
    Map<String, List<String>> all = HttpServers.commands(node);
    Map<String, List<String>> servers = new LinkedHashMap<>();
    all.forEach((label, command) -> {
      if (prefixes.isEmpty() || prefixes.stream().anyMatch(label::startsWith)) {
        servers.put(label, command);
      }
    });
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no server's label starts with " + prefixes + ": " + all.keySet());
    }
    List<Map<String, List<Double>>> byFork = load.requestsPerSecond(servers, forks);
    Map<String, List<Double>> runs = pooled(byFork);
    System.out.printf(Locale.ROOT, "%d forks of %d rounds of %d s, JDK %s%n%n", forks, load.rounds, load.seconds, Runtime.version());
    System.out.println("| server | requests/s | vs. without | fork by fork |\n|---|---:|---:|---|");
    runs.forEach((server, rates) -> {
      String without = HttpServers.WITHOUT_TRACKING.getOrDefault(server, server);
      List<String> forkRatios = new ArrayList<>();
      for (Map<String, List<Double>> fork : byFork) {
        if (fork.containsKey(without)) {
          forkRatios.add(String.format(Locale.ROOT, "%.3f×", Results.median(fork.get(server)) / Results.median(fork.get(without))));
        }
      }
      double ratio = runs.containsKey(without) ? Results.median(rates) / Results.median(runs.get(without)) : Double.NaN;
      System.out.printf(
          Locale.ROOT, "| %s | %s | %.3f× | %s |%n", server, HttpSections.rateCell(rates), ratio, String.join(", ", forkRatios));
    });
  }

  /** Sends {@code signal} to {@code processes} with {@code kill}, and fails unless it did. */
  static void signal(String signal, List<Process> processes) throws IOException, InterruptedException {
    if (processes.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("kill", signal));
    for (Process process : processes) {
      command.add(Long.toString(process.pid()));
    }
    Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }

  private double load(URI uri, int durationSeconds) throws IOException, InterruptedException {
    List<String> command =
        List.of(wrk, "-t1", "-c32", "-d" + durationSeconds + "s", "--latency", uri.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(durationSeconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("wrk failed: " + output);
    }
    Matcher errors = ERRORS.matcher(output);
    if (errors.find()) {
      throw new IllegalStateException("the server failed requests under load: " + output);
    }
    Matcher rate = REQUESTS_PER_SECOND.matcher(output);
    if (!rate.find()) {
      throw new IllegalStateException("no rate in wrk's output: " + output);
    }
    return Double.parseDouble(rate.group(1));
  }
}

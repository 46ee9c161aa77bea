package dev.baton.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The seed's HTTP server under {@code wrk} on loopback: requests per second, for one server. */
final class HttpLoad {

  private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: (.*)");

  private final String wrk;
  private final int seconds;
  private final int rounds;

  HttpLoad(String wrk, int seconds, int rounds) {
    this.wrk = wrk;
    this.seconds = seconds;
    this.rounds = rounds;
  }

  /**
   * Every server's throughput, run by run: all are started, each is warmed up until the JIT is
   * done with its request path, then rounds of one bounded run per server follow one another, so
   * that drift on a noisy machine hits every server alike.
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
      Map<String, List<Double>> runs = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<String, URI> server : uris.entrySet()) {
          runs.computeIfAbsent(server.getKey(), key -> new ArrayList<>()).add(load(server.getValue(), seconds));
        }
      }
      return runs;
    } finally {
      for (Process process : processes.values()) {
        Startup.stop(process);
      }
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

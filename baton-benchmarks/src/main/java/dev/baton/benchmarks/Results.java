package dev.baton.benchmarks;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run of the suite measured, for the report. It is saved beside the build, so that
 * the report can be written again from the same figures ({@code --report-only}).
 */
final class Results implements Serializable {

  private static final long serialVersionUID = 2L;

  static final Path SAVED = Path.of("baton-benchmarks/target/benchmark-results.ser");

  final List<Jmh.Row> rows = new ArrayList<>();
  final Map<Startup.Subject, List<Long>> startupMillis = new LinkedHashMap<>();
  /** The Spring Boot application's launches: by subject, each launch's wall and CPU milliseconds. */
  final Map<String, List<long[]>> appStartups = new LinkedHashMap<>();
  int appStartupRounds;
  final Map<String, Double> node = new LinkedHashMap<>();
  /** The HTTP load: by server, the requests per second of each run, in the order run. */
  final Map<String, List<Double>> requestRuns = new LinkedHashMap<>();
  int requestRounds;
  int requestForks;
  /** The Spring Boot application under load: by agent, the requests per second of each run. */
  final Map<String, List<Double>> appThroughput = new LinkedHashMap<>();
  int appThroughputForks;
  int appThroughputRounds;
  final List<String> notMeasured = new ArrayList<>();
  String nodeVersion;
  /** The machine and JDK the figures were measured on, as the report prints them. */
  String machine;
  int startups;
  /** How many rounds of the per-task benchmark ran, each library's agent once per round. */
  int handoffRounds;
  String command;
  /** The git revision of the previous build measured against this one, or null. */
  String previousRevision;
  /** How many rounds of that comparison ran, each build once per round. */
  int previousRounds;

  /** The median requests per second of each server of the HTTP load. */
  Map<String, Double> requestsPerSecond() {
    Map<String, Double> medians = new LinkedHashMap<>();
    requestRuns.forEach((server, rates) -> medians.put(server, median(rates)));
    return medians;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }

  /** The row of {@code Class.method} run with {@code tag} and the given parameters. */
  Optional<Jmh.Row> row(String tag, String classAndMethod, String... params) {
    return rows.stream().filter(row -> row.tag.equals(tag) && row.is(classAndMethod, params)).findFirst();
  }

  /** The rows of {@code Class.method} with the given parameters whose tag starts with {@code tagPrefix}. */
  List<Jmh.Row> rows(String tagPrefix, String classAndMethod, String... params) {
    return rows.stream()
        .filter(row -> row.tag.startsWith(tagPrefix) && row.is(classAndMethod, params))
        .collect(java.util.stream.Collectors.toList());
  }

  double score(String tag, String classAndMethod, String... params) {
    return row(tag, classAndMethod, params).map(row -> row.score).orElse(Double.NaN);
  }

  void save() throws IOException {
    save(SAVED);
  }

  void save(Path file) throws IOException {
    try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
      out.writeObject(this);
    }
  }

  static Results load() throws IOException, ClassNotFoundException {
    return load(SAVED);
  }

  static Results load(Path file) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
      return (Results) in.readObject();
    }
  }
}

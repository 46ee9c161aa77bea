package dev.baton.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one run of the suite measured, for the report. */
final class Results {

  final List<Jmh.Row> rows = new ArrayList<>();
  final Map<Startup.Subject, List<Long>> startupMillis = new LinkedHashMap<>();
  final Map<String, Double> node = new LinkedHashMap<>();
  final Map<String, Double> requestsPerSecond = new LinkedHashMap<>();
  final List<String> notMeasured = new ArrayList<>();
  String nodeVersion;
  int startups;
  String command;

  /** The row of {@code Class.method} run with {@code tag} and the given parameters. */
  Optional<Jmh.Row> row(String tag, String classAndMethod, String... params) {
    return rows.stream().filter(row -> row.tag.equals(tag) && row.is(classAndMethod, params)).findFirst();
  }

  double score(String tag, String classAndMethod, String... params) {
    return row(tag, classAndMethod, params).map(row -> row.score).orElse(Double.NaN);
  }
}

package dev.baton.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What every section of the report shares: the figures, the targets and misses it adds to, and how
 * it reads and writes figures.
 */
class ReportSection {

  final Results results;
  final List<String> targets;
  final List<String> misses;

  ReportSection(Results results, List<String> targets, List<String> misses) {
    this.results = results;
    this.targets = targets;
    this.misses = misses;
  }

  /** Whether {@code row} is one round of a comparison in alternating JVMs. */
  static boolean isRound(Jmh.Row row) {
    return row.tag.startsWith("round-") || row.tag.startsWith("this-") || row.tag.startsWith("previous-");
  }

  static String spread(List<Jmh.Row> rounds) {
    return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", medianScore(rounds), min(rounds), max(rounds));
  }

  static double min(List<Jmh.Row> rounds) {
    return rounds.stream().mapToDouble(row -> row.score).min().orElse(Double.NaN);
  }

  static double max(List<Jmh.Row> rounds) {
    return rounds.stream().mapToDouble(row -> row.score).max().orElse(Double.NaN);
  }

  static double medianScore(List<Jmh.Row> rows) {
    if (rows.isEmpty()) {
      return Double.NaN;
    }
    double[] scores = rows.stream().mapToDouble(row -> row.score).sorted().toArray();
    int middle = scores.length / 2;
    return scores.length % 2 == 1 ? scores[middle] : (scores[middle - 1] + scores[middle]) / 2;
  }

  static String plain(String markdown) {
    return markdown.replace("`", "");
  }

  double score(String classAndMethod, String... params) {
    return results.score("", classAndMethod, params);
  }

  /** A column of a comparison table: its heading and the JMH parameters of its rows. */
  static final class Column {
    final String heading;
    final String[] params;

    Column(String heading, String... params) {
      this.heading = heading;
      this.params = params;
    }
  }

  String comparisonTable(String[][] rows, List<Column> columns, String floor) {
    StringBuilder text = new StringBuilder("|");
    for (Column column : columns) {
      text.append(String.format(" | %s ns/op | B/op | vs. floor | peer / Baton", column.heading));
    }
    text.append(" |\n|---");
    columns.forEach(column -> text.append("|---:|---:|---:|---:"));
    text.append("|\n");
    String baton = rows[1][1];
    for (String[] row : rows) {
      text.append("| ").append(row[0]);
      for (Column column : columns) {
        Optional<Jmh.Row> measured = results.row("", row[1], column.params);
        double score = measured.map(r -> r.score).orElse(Double.NaN);
        text.append(" | ").append(measured.map(Jmh.Row::time).orElse("n/a"))
            .append(" | ").append(measured.map(Jmh.Row::bytes).orElse("n/a"))
            .append(" | ").append(ratio(score / score(floor, column.params)))
            .append(" | ").append(row[1].equals(baton) ? "" : ratio(score / score(baton, column.params)));
      }
      text.append(" |\n");
    }
    return text.append('\n').toString();
  }

  void fasterThanPeers(String target, String[][] rows, String baton, String[] params, String whyMissed) {
    levelWithPeers(target, rows, baton, params, 1, null, whyMissed);
  }

  /**
   * A target met when each peer of {@code rows} (after the floor and Baton) takes at least {@code
   * level} times Baton's time: 1 for faster, below 1 to allow Baton that much slower; {@code
   * excluded}, if not null, is the benchmark of a peer left out of the target (still in the table).
   */
  void levelWithPeers(
      String target, String[][] rows, String baton, String[] params, double level, String excluded, String whyMissed) {
    double batonScore = score(baton, params);
    List<String> slower = new ArrayList<>();
    List<String> faster = new ArrayList<>();
    for (int i = 2; i < rows.length; i++) {
      double peer = score(rows[i][1], params);
      if (Double.isNaN(peer) || rows[i][1].equals(excluded)) {
        continue;
      }
      (peer >= batonScore * level ? faster : slower).add(plain(rows[i][0]) + " " + ratio(peer / batonScore));
    }
    String measured = Double.isNaN(batonScore) || faster.isEmpty() && slower.isEmpty()
        ? "n/a"
        : (faster.isEmpty() ? "" : (level < 1 ? "level with or faster than " : "faster than ") + String.join(", ", faster))
            + (slower.isEmpty() ? "" : (faster.isEmpty() ? "" : "; ") + "slower than " + String.join(", ", slower));
    target(target, measured, slower.isEmpty(), whyMissed);
  }

  void target(String what, String measured, boolean met) {
    target(what, measured, met, null);
  }

  void target(String what, String measured, boolean met, String whyMissed) {
    boolean measuredAtAll = !measured.contains("NaN") && !measured.contains("n/a");
    targets.add("| " + what + " | " + measured + " | " + (!measuredAtAll ? "not measured" : met ? "yes" : "**no**") + " |");
    if (measuredAtAll && !met && whyMissed != null && !misses.contains(whyMissed)) {
      misses.add(whyMissed);
    }
  }

  static String ratio(double ratio) {
    return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ratio);
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}

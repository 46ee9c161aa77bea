package dev.baton.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs JMH benchmarks in forked JVMs, always with the allocation profiler, and keeps their rows. */
final class Jmh {

  private final boolean quick;
  private final boolean brief;

  Jmh(boolean quick) {
    this(quick, false);
  }

  private Jmh(boolean quick, boolean brief) {
    this.quick = quick;
    this.brief = brief;
  }

  /**
   * Shorter trials, one fork each, for comparisons that are repeated in alternating rounds: the
   * rounds, not the trials, are what average the machine's drift out.
   */
  Jmh brief() {
    return new Jmh(quick, true);
  }

  /**
   * Runs the benchmarks matching {@code include}.
   *
   * @param params JMH parameters to set, overriding the classes' own values; several values of one
   *     parameter are separated by commas
   * @param jvmArgs extra options of the forked JVMs (an agent)
   * @param tag what tells these rows from the same benchmark's other runs (an agent's name)
   */
  List<Row> run(String include, Map<String, String> params, List<String> jvmArgs, String tag) throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder().include(include).addProfiler(GCProfiler.class).shouldFailOnError(true);
    params.forEach((name, values) -> options.param(name, values.split(",")));
    if (!jvmArgs.isEmpty()) {
      options.jvmArgsAppend(jvmArgs.toArray(new String[0]));
    }
    if (quick) {
      shorten(options, 2, 3, TimeValue.milliseconds(500));
    } else if (brief) {
      shorten(options, 3, 3, TimeValue.seconds(1));
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    List<Row> rows = new ArrayList<>();
    for (RunResult result : results) {
      rows.add(Row.of(result, tag));
    }
    return rows;
  }

  /** One fork of {@code warmups} and {@code measurements} iterations of {@code time} each. */
  private static void shorten(ChainedOptionsBuilder options, int warmups, int measurements, TimeValue time) {
    options.forks(1).warmupIterations(warmups).warmupTime(time).measurementIterations(measurements).measurementTime(time);
  }

  /** One benchmark's figures: its time per operation, error, unit and allocation per operation. */
  static final class Row implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final String benchmark;
    final Map<String, String> params;
    final String tag;
    final double score;
    final double error;
    final String unit;
    final double bytesPerOp;

    Row(String benchmark, Map<String, String> params, String tag, double score, double error, String unit, double bytesPerOp) {
      this.benchmark = benchmark;
      this.params = params;
      this.tag = tag;
      this.score = score;
      this.error = error;
      this.unit = unit;
      this.bytesPerOp = bytesPerOp;
    }

    static Row of(RunResult run, String tag) {
      String label = run.getParams().getBenchmark();
      String benchmark = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
      Map<String, String> params = new java.util.TreeMap<>();
      for (String key : run.getParams().getParamsKeys()) {
        params.put(key, run.getParams().getParam(key));
      }
      Result<?> primary = run.getPrimaryResult();
      Result<?> allocation = run.getSecondaryResults().get("gc.alloc.rate.norm");
      return new Row(
          benchmark,
          params,
          tag,
          primary.getScore(),
          primary.getScoreError(),
          primary.getScoreUnit(),
          allocation == null ? Double.NaN : allocation.getScore());
    }

    /** Whether this is {@code Class.method} with all of {@code params}. */
    boolean is(String classAndMethod, String... params) {
      if (!benchmark.equals(classAndMethod)) {
        return false;
      }
      for (int i = 0; i < params.length; i += 2) {
        if (!params[i + 1].equals(this.params.get(params[i]))) {
          return false;
        }
      }
      return true;
    }

    String time() {
      return Double.isNaN(error) || error == 0
          ? String.format(Locale.ROOT, "%.1f", score)
          : String.format(Locale.ROOT, "%.1f ± %.1f", score, error);
    }

    String bytes() {
      return Double.isNaN(bytesPerOp) ? "n/a" : String.format(Locale.ROOT, "%.0f", bytesPerOp);
    }
  }
}

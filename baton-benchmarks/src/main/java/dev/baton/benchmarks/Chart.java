package dev.baton.benchmarks;

import java.util.List;
import java.util.Locale;

/** A horizontal bar chart as SVG on a logarithmic scale: one bar per ratio, from the line at 1×. */
final class Chart {

  /** One bar: what it compares and the ratio. */
  static final class Bar {
    final String label;
    final double ratio;

    Bar(String label, double ratio) {
      this.label = label;
      this.ratio = ratio;
    }
  }

  private static final int LABEL_WIDTH = 430;
  private static final int BAR_WIDTH = 420;
  private static final int ROW = 22;

  private Chart() {}

  /**
   * The chart on a logarithmic scale from a tenth of the smallest ratio to ten times the largest,
   * so that 0.1× and 600× are both readable; each bar grows from the 1× line, right when Baton is
   * faster, left when it is slower.
   */
  static String svg(String title, List<Bar> bars) {
    double smallest = bars.stream().filter(Chart::measured).mapToDouble(bar -> bar.ratio).min().orElse(1);
    double largest = bars.stream().filter(Chart::measured).mapToDouble(bar -> bar.ratio).max().orElse(1);
    double low = Math.floor(Math.log10(Math.min(smallest, 1)));
    double high = Math.ceil(Math.log10(Math.max(largest, 1)));
    if (high - low < 1) {
      high = low + 1;
    }
    int height = 60 + bars.size() * ROW;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        LABEL_WIDTH + BAR_WIDTH + 80, height));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", escape(title)));
    for (double decade = low; decade <= high; decade++) {
      double x = x(Math.pow(10, decade), low, high);
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"%s/>%n", x, x, height - 20,
          decade == 0 ? "#333" : "#ccc", decade == 0 ? " stroke-dasharray=\"4 3\"" : ""));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#333\" text-anchor=\"middle\">%s×</text>%n",
          x, height - 6, decade < 0 ? String.format(Locale.ROOT, "%." + (int) -decade + "f", Math.pow(10, decade)) : String.format(Locale.ROOT, "%.0f", Math.pow(10, decade))));
    }
    double one = x(1, low, high);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      int y = 35 + i * ROW;
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
          LABEL_WIDTH - 8, y + 14, escape(bar.label)));
      if (!measured(bar)) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#888\">not measured</text>%n", LABEL_WIDTH, y + 14));
        continue;
      }
      double end = x(bar.ratio, low, high);
      String colour = bar.ratio >= 1 ? "#2e7d32" : "#c62828";
      svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>%n",
          Math.min(one, end), y + 2, Math.max(1, Math.abs(end - one)), colour));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s×</text>%n",
          Math.max(one, end) + 4, y + 14, bar.ratio >= 10 ? String.format(Locale.ROOT, "%.0f", bar.ratio) : String.format(Locale.ROOT, "%.2f", bar.ratio)));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static boolean measured(Bar bar) {
    return !Double.isNaN(bar.ratio) && !Double.isInfinite(bar.ratio) && bar.ratio > 0;
  }

  /** Where {@code ratio} falls on the logarithmic axis from 10^low to 10^high. */
  private static double x(double ratio, double low, double high) {
    return LABEL_WIDTH + BAR_WIDTH * (Math.log10(ratio) - low) / (high - low);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

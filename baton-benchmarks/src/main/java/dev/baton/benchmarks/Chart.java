package dev.baton.benchmarks;

import java.util.List;
import java.util.Locale;

/** A horizontal bar chart as SVG: one bar per ratio, a line at 1×. */
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

  static String svg(String title, List<Bar> bars) {
    double max = Math.max(2, bars.stream().filter(bar -> !Double.isNaN(bar.ratio)).mapToDouble(bar -> bar.ratio).max().orElse(2));
    int height = 50 + bars.size() * ROW;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        LABEL_WIDTH + BAR_WIDTH + 80, height));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", escape(title)));
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      int y = 35 + i * ROW;
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
          LABEL_WIDTH - 8, y + 14, escape(bar.label)));
      if (Double.isNaN(bar.ratio)) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#888\">not measured</text>%n", LABEL_WIDTH, y + 14));
        continue;
      }
      double width = BAR_WIDTH * Math.min(bar.ratio, max) / max;
      String colour = bar.ratio >= 1 ? "#2e7d32" : "#c62828";
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>%n",
          LABEL_WIDTH, y + 2, width, colour));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f×</text>%n", LABEL_WIDTH + width + 4, y + 14, bar.ratio));
    }
    double one = LABEL_WIDTH + BAR_WIDTH / max;
    svg.append(String.format(Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>%n", one, one, height - 10));
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#333\">1×</text>%n", one + 3, height - 2));
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

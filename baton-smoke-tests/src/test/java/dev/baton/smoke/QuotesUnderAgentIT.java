package dev.baton.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reactive quote service (WebFlux on Reactor Netty) in a JVM of its own under Baton's agent,
 * 200 quotes asked at once from 16 clients: each line a quote logs, on Netty's event loops and
 * Reactor's parallel and bounded-elastic workers, carries its own request's id and no other, and
 * no line of a thread outside a request carries any.
 */
class QuotesUnderAgentIT {

  private static final int QUOTES = 200;
  private static final Pattern QUOTE = Pattern.compile("\\bquote=(\\d+) (\\w+)");
  private static final Map<String, String> STEPS =
      Map.of("received", "reactor-http-", "rated", "parallel-", "computed", "boundedElastic-", "sent", "parallel-");

  @TempDir Path directory;

  @Test
  void everyLineOfAQuoteCarriesItsOwnIdAndNoOtherThreadCarriesAny() throws Exception {
    try (ForkedApplication app =
        ForkedApplication.start(
            "dev.baton.smoke.quotes.QuotesApplication",
            List.of(ForkedApplication.agent()),
            List.of(),
            directory.resolve("quotes.log"))) {
      List<HttpResponse<String>> responses = app.requestAll(QUOTES, 16, "GET", n -> "/quotes/" + n);
      for (int n = 1; n <= QUOTES; n++) {
        HttpResponse<String> response = responses.get(n - 1);
        assertThat(response.statusCode()).as("quote %d", n).isEqualTo(200);
        assertThat(response.body()).isEqualTo("quote " + n + " at " + (n % 50 + 1) + "%");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-" + n);
      }
      List<LogLine> lines =
          app.awaitLines("every quote's lines", all -> STEPS.keySet().stream().allMatch(step -> count(all, step) >= QUOTES));

      List<LogLine> wrong = new ArrayList<>();
      for (LogLine line : lines) {
        Matcher quote = QUOTE.matcher(line.message());
        if (quote.find() ? !line.requestId().equals("req-" + quote.group(1)) : line.inRequest()) {
          wrong.add(line);
        }
      }
      assertThat(wrong).isEmpty();
      for (String step : STEPS.keySet()) {
        assertThat(count(lines, step)).as("lines of step %s", step).isEqualTo(QUOTES);
      }
    }
  }

  private static long count(List<LogLine> lines, String step) {
    return lines.stream()
        .filter(
            line -> {
              Matcher quote = QUOTE.matcher(line.message());
              return quote.find() && quote.group(2).equals(step) && line.thread().startsWith(STEPS.get(step));
            })
        .count();
  }
}

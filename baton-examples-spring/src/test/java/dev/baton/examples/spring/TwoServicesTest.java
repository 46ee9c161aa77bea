package dev.baton.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ForkedMain;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the example as the README does, in a JVM of its own (with and without the agent), and reads
 * its log: every line of both services carries the id the shop gave the request, each request's
 * own.
 */
class TwoServicesTest {

  private static final Pattern LINE = Pattern.compile("^(shop|stock) +\\[requestId=([^\\]]*)\\] (.*)$");

  @ParameterizedTest(name = "agent: {0}")
  @ValueSource(booleans = {false, true})
  void everyLineOfBothServicesCarriesTheShopsRequestId(boolean agent) throws Exception {
    List<String> log = ForkedMain.run(agent, TwoServices.class, "4");

    List<String> lines = new ArrayList<>();
    for (String line : log) {
      Matcher matcher = LINE.matcher(line);
      if (matcher.matches()) {
        lines.add(matcher.group(1) + " " + matcher.group(2) + " " + matcher.group(3));
      }
    }
    String[] items = {"apples", "pears", "plums", "figs"};
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < items.length; i++) {
      String id = "req-" + i;
      expected.add("shop " + id + " received an order for " + items[i]);
      expected.add("stock " + id + " reserving " + items[i]);
      expected.add("shop " + id + " audited the order for " + items[i] + " on another thread");
      expected.add("shop " + id + " answering: " + items[i] + " reserved");
    }
    assertThat(lines).as("the log:%n%s", String.join("\n", log)).containsExactlyElementsOf(expected);
  }
}

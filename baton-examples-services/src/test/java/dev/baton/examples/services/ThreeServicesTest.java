package dev.baton.examples.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ForkedMain;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the example as the README does, in a JVM of its own (with and without the agent), and reads
 * its log: every line of the three services carries the request id the edge set, each request's
 * own.
 */
class ThreeServicesTest {

  private static final Pattern LINE = Pattern.compile("^(edge|orders|audit) +\\[requestId=([^\\]]*)\\] (.*)$");

  @ParameterizedTest(name = "agent: {0}")
  @ValueSource(booleans = {false, true})
  void everyLineOfTheThreeServicesCarriesTheEdgesRequestId(boolean agent) throws Exception {
    List<String> log = ForkedMain.run(agent, ThreeServices.class, "4");

    assertEveryRequestsLinesCarryItsId(log, List.of("apples", "pears", "plums", "figs"));
  }

  @Test
  void baggageNoServiceHereWroteCostsNoRequestItsIdOnAnyHop() throws Exception {
    List<String> log = ForkedMain.run(false, HostileBaggage.class);

    List<String> items = new ArrayList<>();
    for (int i = 0; i < HostileBaggage.HEADERS.size(); i++) {
      items.add("item" + i);
    }
    assertEveryRequestsLinesCarryItsId(log, items);
  }

  private static void assertEveryRequestsLinesCarryItsId(List<String> log, List<String> items) {
    List<String> lines = new ArrayList<>();
    for (String line : log) {
      Matcher matcher = LINE.matcher(line);
      if (matcher.matches()) {
        lines.add(matcher.group(1) + " " + matcher.group(2) + " " + matcher.group(3).replaceAll("offset \\d+", "offset N").replaceAll("partition \\d", "partition N"));
      }
    }
    for (int i = 0; i < items.size(); i++) {
      String id = "req-" + i;
      String item = items.get(i);
      assertThat(lines)
          .as("the log of %s, in:%n%s", id, String.join("\n", log))
          .contains(
              "edge " + id + " received an order for " + item,
              "orders " + id + " placing an order for " + item,
              "orders " + id + " published on kafka-producer-network-thread | producer, offset N",
              "edge " + id + " answering: order placed for " + item,
              "audit " + id + " consumed order for " + item + " from partition N");
    }
    assertThat(lines).hasSize(items.size() * 5);
  }
}

package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * wrk (Debian's package, which {@code .ci/run} installs) loads the server over loopback from
 * another process for a bounded time: every response is a 200, and no hop saw another request's
 * id.
 *
 * <p>wrk stops at its deadline without waiting for the request each connection still has in
 * flight, and its exit closes those connections: the server handles these requests to the end but
 * cannot send their responses, at most one per connection. A response lost while wrk still listened
 * would show in wrk's own socket errors, which must be none.
 */
class WrkLoadIT {

  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");

  private static final int CONNECTIONS = 32;

  @Test
  void wrkFromAnotherProcessSeesNoErrorAndTheServerNoMixUp() throws Exception {
    String wrk = findWrk();
    assumeTrue(wrk != null, "wrk is not installed (apt-get install wrk); .ci/run installs it");
    try (HopServer server = HopServer.start(0)) {
      Process process =
          new ProcessBuilder(
                  wrk, "-t2", "-c" + CONNECTIONS, "-d10s", "http://127.0.0.1:" + server.port() + "/")
              .redirectErrorStream(true)
              .start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("wrk ends within a minute").isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      System.out.println(output);

      assertThat(process.exitValue()).as(output).isZero();
      long requests = number(REQUESTS, output);
      assertThat(requests).as(output).isPositive();
      assertThat(NON_2XX.matcher(output).find()).as(output).isFalse();
      assertThat(SOCKET_ERRORS.matcher(output).find()).as(output).isFalse();
      HopServer.Stats stats = awaitQuiet(server);
      System.out.println("server after wrk: " + stats);
      assertThat(stats.mixUps).as(stats.toString()).isZero();
      assertThat(stats.errors).as(stats.toString()).isZero();
      assertThat(stats.unsent).as(stats.toString()).isLessThanOrEqualTo(CONNECTIONS);
      assertThat(stats.served).isGreaterThanOrEqualTo(requests);
      assertThat(stats.checks)
          .isEqualTo((stats.served + stats.unsent) * HopServer.CHECKS_PER_REQUEST);
    }
  }

  /** The requests wrk cut off at its deadline finish their hops; waits for them, bounded. */
  private static HopServer.Stats awaitQuiet(HopServer server) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    HopServer.Stats stats = server.stats();
    while (stats.checks != (stats.served + stats.unsent) * HopServer.CHECKS_PER_REQUEST
        && System.nanoTime() < deadline) {
      Thread.sleep(10); // polling counters, not synchronising threads
      stats = server.stats();
    }
    return stats;
  }

  private static long number(Pattern pattern, String output) {
    Matcher matcher = pattern.matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private static String findWrk() {
    for (String dir : List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))) {
      File candidate = new File(dir, "wrk");
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    return null;
  }
}

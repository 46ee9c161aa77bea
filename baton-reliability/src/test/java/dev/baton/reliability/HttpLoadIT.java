package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ContextExecutors;
import org.junit.jupiter.api.Test;

/** The in-JVM HTTP load, under the agent: every request crosses four hops and is checked at each. */
class HttpLoadIT {

  private static final long REQUESTS = Long.getLong("reliability.requests", 200_000);

  @Test
  void everyRequestSeesItsOwnIdAtEveryHop() throws Exception {
    assertThat(ContextExecutors.agentInstalled()).isTrue();
    try (HopServer server = HopServer.start(0)) {
      HttpLoad load = new HttpLoad(server.port(), 64);
      long started = System.nanoTime();

      long sent = load.run(n -> n < REQUESTS);

      double seconds = (System.nanoTime() - started) / 1e9;
      HopServer.Stats stats = server.stats();
      System.out.printf(
          "HTTP load: %d requests in %.1f s (%.0f/s), last hop %s; client %s; server %s%n",
          sent,
          seconds,
          sent / seconds,
          HopServer.usesVirtualThreads() ? "a virtual thread" : "the common pool or a platform thread",
          load,
          stats);
      assertThat(load.examples()).isEmpty();
      assertThat(load.ok()).isEqualTo(REQUESTS);
      assertThat(stats.mixUps).isZero();
      assertThat(stats.errors).isZero();
      assertThat(stats.unsent).as("the client waits for every response").isZero();
      assertThat(stats.checks).isEqualTo(REQUESTS * HopServer.CHECKS_PER_REQUEST);
    }
  }
}

package dev.baton.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up targets are judged on what each agent adds to the launch without an agent of the
 * same round: a round where the whole machine was slow moves every launch of it, not the figure.
 */
class StartupTargetsTest {

  private final List<String> targets = new ArrayList<>();
  private final List<String> misses = new ArrayList<>();

  @Test
  void theSeedDemoTargetsAreTheMillisecondsAddedRoundByRound() {
    Results results = new Results();
    results.startups = 3;
    // The second round was slow for everyone, and Baton's third launch alone: the medians would
    // say it adds 540 ms, its own rounds 250, 250 and 590
    results.startupMillis.put(Startup.Subject.NO_AGENT, List.of(300L, 600L, 310L));
    results.startupMillis.put(Startup.Subject.BATON_AGENT, List.of(550L, 850L, 900L));
    results.startupMillis.put(Startup.Subject.OPENTELEMETRY_AGENT, List.of(5300L, 5600L, 5310L));
    results.startupMillis.put(Startup.Subject.TTL_AGENT, List.of(600L, 900L, 610L));

    String section = new AgentSections(results, targets, misses).agentSection();

    assertThat(targets)
        .contains(
            "| The seed demo with the agent ≤ 300 ms slower to its first answer than without | +250 ms | yes |",
            "| The seed demo starts faster with Baton's agent than with OpenTelemetry's and TransmittableThreadLocal's"
                + " | Baton +250 ms; with OpenTelemetry's agent, exporters off +5000 ms,"
                + " with TransmittableThreadLocal's agent +300 ms | yes |");
    assertThat(section).contains("| with Baton's agent | 850 | 550 | 900 | 2.74× | +250 |");
    assertThat(misses).isEmpty();
  }

  @Test
  void theSpringBootTargetsAreTheCpuRatiosRoundByRound() {
    Results results = new Results();
    results.startups = 1;
    results.appStartupRounds = 3;
    // Medians: 12,600 against 10,500 ms, +20%; round by round +15%, +10% and +20%
    results.appStartups.put("without an agent", List.of(launch(10_000), launch(20_000), launch(10_500)));
    results.appStartups.put("Baton's agent", List.of(launch(11_500), launch(22_000), launch(12_600)));
    results.appStartups.put("OpenTelemetry's agent, exporters off", List.of(launch(20_000), launch(40_000), launch(21_000)));

    new AgentSections(results, targets, misses).agentSection();

    assertThat(targets)
        .contains(
            "| A Spring Boot application with the agent ≤ 10% more CPU to its first answer | +15% | **no** |",
            "| A Spring Boot application: less CPU to its first answer with Baton's agent than with"
                + " OpenTelemetry's and TransmittableThreadLocal's | Baton +15%; OpenTelemetry's agent,"
                + " exporters off +100% | yes |");
    assertThat(misses).hasSize(1);
  }

  private static long[] launch(long cpuMillis) {
    return new long[] {cpuMillis / 2, cpuMillis};
  }
}

package dev.baton.benchmarks;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.ttl.TtlRunnable;
import dev.baton.ContextExecutors;
import io.opentelemetry.context.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The benchmarks measure what they say: every library holds the values, and every wrapper carries them. */
class BenchmarkSetupTest {

  private final ExecutorService otherThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void shutDown() {
    otherThread.shutdownNow();
  }

  @Test
  void everyLibraryHoldsTheValuesMadeCurrentAndLetsGoOfThemOnClose() {
    ActiveValues values = new ActiveValues(10);

    assertThat(values.innermostStorage().getStore()).isEqualTo("value-9");
    assertThat(values.innermostThreadLocal().get()).isEqualTo("value-9");
    assertThat(values.innermostTransmittable().get()).isEqualTo("value-9");
    assertThat(Context.current().get(values.innermostOpenTelemetryKey())).isEqualTo("value-9");
    assertThat(values.innermostGrpcKey().get()).isEqualTo("value-9");
    values.close();

    assertThat(values.innermostStorage().getStore()).isNull();
    assertThat(values.innermostThreadLocal().get()).isNull();
    assertThat(values.innermostTransmittable().get()).isNull();
    assertThat(Context.current().get(values.innermostOpenTelemetryKey())).isNull();
    assertThat(values.innermostGrpcKey().get()).isNull();
  }

  @Test
  void everyTaskWrapperMeasuredCarriesTheValueToAnotherThread() throws Exception {
    ActiveValues values = new ActiveValues(50);
    try {
      CompletableFuture<String> baton = new CompletableFuture<>();
      ContextExecutors.wrap(otherThread).execute(() -> baton.complete(values.innermostStorage().getStore()));
      CompletableFuture<String> ttl = new CompletableFuture<>();
      otherThread.execute(TtlRunnable.get(() -> ttl.complete(values.innermostTransmittable().get())));
      CompletableFuture<String> openTelemetry = new CompletableFuture<>();
      Context.taskWrapping(otherThread)
          .execute(() -> openTelemetry.complete(Context.current().get(values.innermostOpenTelemetryKey())));
      CompletableFuture<String> micrometer = new CompletableFuture<>();
      Runnable readThreadLocal = () -> micrometer.complete(values.innermostThreadLocal().get());
      otherThread.execute(values.micrometer.captureAll().wrap(readThreadLocal));

      assertThat(baton.get(10, SECONDS)).isEqualTo("value-49");
      assertThat(ttl.get(10, SECONDS)).isEqualTo("value-49");
      assertThat(openTelemetry.get(10, SECONDS)).isEqualTo("value-49");
      assertThat(micrometer.get(10, SECONDS)).isEqualTo("value-49");
    } finally {
      values.close();
    }
  }

  @Test
  void theChartDrawsOneBarPerRatioAndSaysWhatWasNotMeasured() {
    String svg =
        Chart.svg(
            "ratios",
            java.util.List.of(new Chart.Bar("faster", 2.5), new Chart.Bar("slower", 0.5), new Chart.Bar("missing", Double.NaN)));

    assertThat(svg).startsWith("<svg").contains("2.50×", "0.50×", "not measured", "faster", "slower");
    assertThat(svg.split("<rect ", -1)).hasSize(1 + 3); // the background and two bars
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Report.median(java.util.List.of(5L, 1L, 3L))).isEqualTo(3);
    assertThat(Report.median(java.util.List.of(4L, 1L, 3L, 2L))).isEqualTo(2);
  }
}

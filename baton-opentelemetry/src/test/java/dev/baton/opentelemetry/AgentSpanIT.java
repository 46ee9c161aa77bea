package dev.baton.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ContextExecutors;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Under Baton's agent and no OpenTelemetry agent: plain executors carry the current span. */
class AgentSpanIT {

  @Test
  void spansFollowPlainExecutorsStagesAndThreads() throws Exception {
    assertThat(ContextExecutors.agentInstalled()).isTrue();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().build()) {
      Span span = tracing.get("agent").spanBuilder("request").startSpan();
      String expected = span.getSpanContext().getSpanId();
      String[] seen = new String[3];
      try (Scope scope = span.makeCurrent()) {
        seen[0] = pool.submit(() -> Span.current().getSpanContext().getSpanId()).get();
        seen[1] =
            CompletableFuture.supplyAsync(() -> "x", pool)
                .thenApplyAsync(x -> Span.current().getSpanContext().getSpanId())
                .get(10, TimeUnit.SECONDS);
        Thread thread = new Thread(() -> seen[2] = Span.current().getSpanContext().getSpanId());
        thread.start();
        thread.join(10_000);
      } finally {
        span.end();
      }

      assertThat(seen).containsOnly(expected);
      assertThat(pool.submit(() -> Context.current() == Context.root()).get()).isTrue();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}

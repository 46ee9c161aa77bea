package dev.baton.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.slf4j.logback.BatonLogbackMDCAdapter;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * OpenTelemetry's context and SLF4J's MDC, both kept in Baton's context by their bridges, keep
 * each other's semantics as with the libraries' own storages: closing an OpenTelemetry scope gives
 * back OpenTelemetry's context only, and the MDC stays as the code inside the scope left it.
 */
class BridgesTogetherTest {

  private static final ContextKey<String> KEY = ContextKey.named("key");
  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");

  @AfterEach
  void cleanUp() {
    MDC.clear();
  }

  @Test
  void bothBridgesAreInstalled() {
    assertThat(MDC.getMDCAdapter()).isInstanceOf(BatonLogbackMDCAdapter.class);
    try (Scope scope = Context.root().with(KEY, "v").makeCurrent()) {
      assertThat(BatonContextStorage.STORAGE.getStore()).isSameAs(Context.current());
    }
  }

  @Test
  void anMdcEntryPutInsideAScopeStaysAfterTheScopeCloses() {
    REQUEST_ID.run(
        "r-1",
        () -> {
          try (Scope scope = Context.root().with(KEY, "v").makeCurrent()) {
            MDC.put("user", "ann");
          }
          assertThat(MDC.get("user")).isEqualTo("ann");
          assertThat(Context.current().get(KEY)).isNull();
          assertThat(REQUEST_ID.getStore()).isEqualTo("r-1");
        });
  }

  @Test
  void anMdcEntryRemovedInsideAScopeStaysRemoved() {
    MDC.put("user", "ann");
    try (Scope scope = Context.root().with(KEY, "v").makeCurrent()) {
      MDC.remove("user");
      MDC.put("step", "inside");
    }

    assertThat(MDC.get("user")).isNull();
    assertThat(MDC.get("step")).isEqualTo("inside");
  }

  @Test
  void nestedScopesEachGiveBackTheirOwnContextAndTheMdcIsUntouched() {
    Context outer = Context.root().with(KEY, "outer");
    try (Scope first = outer.makeCurrent()) {
      MDC.put("a", "1");
      try (Scope second = Context.root().with(KEY, "inner").makeCurrent()) {
        MDC.put("b", "2");
      }
      assertThat(Context.current()).isSameAs(outer);
      assertThat(MDC.getCopyOfContextMap()).containsEntry("a", "1").containsEntry("b", "2");
    }

    assertThat(Context.current()).isSameAs(Context.root());
    assertThat(MDC.getCopyOfContextMap()).containsEntry("a", "1").containsEntry("b", "2");
  }
}

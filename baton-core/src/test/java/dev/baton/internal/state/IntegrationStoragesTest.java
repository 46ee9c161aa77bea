package dev.baton.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.internal.GcTesting;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

class IntegrationStoragesTest {

  @Test
  void aStorageIsAnIntegrationsOnlyWhenItWasMarkedAndNotForItsName() {
    AsyncLocalStorage<String> marked = IntegrationStorages.mark(new AsyncLocalStorage<>("slf4j.mdc"));
    AsyncLocalStorage<String> sameName = new AsyncLocalStorage<>("slf4j.mdc");

    assertThat(IntegrationStorages.isIntegration(marked)).isTrue();
    assertThat(IntegrationStorages.isIntegration(sameName)).isFalse();
  }

  @Test
  void markingKeepsNoStorageAlive() throws InterruptedException {
    WeakReference<AsyncLocalStorage<String>> marked =
        new WeakReference<>(IntegrationStorages.mark(new AsyncLocalStorage<>("short-lived")));

    assertThat(GcTesting.collectedWithin(marked, 10)).isTrue();
    IntegrationStorages.mark(new AsyncLocalStorage<>("next")); // drops what was collected
  }
}

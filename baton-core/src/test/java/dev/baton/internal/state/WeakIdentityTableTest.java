package dev.baton.internal.state;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.internal.GcTesting;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WeakIdentityTableTest {

  private final WeakIdentityTable table = new WeakIdentityTable();

  @Test
  void keysAreComparedByIdentity() {
    String key = new String("task");
    String equalKey = new String("task");

    table.put(key, "value");

    assertThat(table.get(key)).isEqualTo("value");
    assertThat(table.get(equalKey)).isNull();
  }

  @Test
  void putReplacesPutIfAbsentDoesNotAndRemoveReturnsTheValue() {
    Object key = new Object();

    assertThat(table.putIfAbsent(key, "first")).isTrue();
    assertThat(table.putIfAbsent(key, "second")).isFalse();
    assertThat(table.get(key)).isEqualTo("first");
    table.put(key, "third");
    assertThat(table.remove(key)).isEqualTo("third");
    assertThat(table.remove(key)).isNull();
    assertThat(table.get(key)).isNull();
    assertThat(table.size()).isZero();
  }

  @Test
  void manyKeysSurviveResizes() {
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Object key = new Object();
      keys.add(key);
      table.put(key, i);
    }
    for (int i = 0; i < keys.size(); i++) {
      assertThat(table.get(keys.get(i))).isEqualTo(i);
    }
    assertThat(table.size()).isEqualTo(10_000);
  }

  @Test
  void anEntryGoesAwayWithItsKeyAndReleasesItsValue() throws Exception {
    WeakReference<Object> value = putTemporaryKey();

    assertThat(GcTesting.collectedWithin(value, 10)).isTrue();
    assertThat(table.size()).isZero();
  }

  private WeakReference<Object> putTemporaryKey() {
    Object value = new Object();
    table.put(new Object(), value);
    return new WeakReference<>(value);
  }

  @Test
  void readersAlwaysFindPresentKeysWhileOtherThreadsGrowAndShrinkTheTable() throws Exception {
    int writers = 3;
    List<Object> stable = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      Object key = new Object();
      stable.add(key);
      table.put(key, key.hashCode());
    }
    AtomicBoolean missed = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    CyclicBarrier start = new CyclicBarrier(writers + 1);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await(10, SECONDS);
                  for (int round = 0; round < 50; round++) {
                    List<Object> churn = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                      Object key = new Object();
                      churn.add(key);
                      table.put(key, i);
                    }
                    churn.forEach(table::remove);
                  }
                  return null;
                }));
      }
      Future<?> reader =
          pool.submit(
              () -> {
                start.await(10, SECONDS);
                while (!stop.get()) {
                  for (Object key : stable) {
                    if (!Integer.valueOf(key.hashCode()).equals(table.get(key))) {
                      missed.set(true);
                    }
                  }
                }
                return null;
              });
      for (Future<?> future : futures) {
        future.get(60, SECONDS);
      }
      stop.set(true);
      reader.get(10, SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertThat(missed).isFalse();
    assertThat(table.size()).isEqualTo(stable.size());
  }
}

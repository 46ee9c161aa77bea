package dev.baton.internal.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Several pending submissions of one object: their contexts in order, counted when repeated. */
class PendingRunsTest {

  private final Object[] a = {"storage", "a"};
  private final Object[] b = {"storage", "b"};

  @Test
  void contextsAreTakenOldestFirstAndRepeatsAreCountedNotStored() {
    PendingRuns pending = new PendingRuns(a, a);
    for (int i = 0; i < 1_000; i++) {
      assertThat(pending.add(a)).isTrue();
    }
    pending.add(b);
    pending.add(a);

    for (int i = 0; i < 1_002; i++) {
      assertThat(pending.take()).isSameAs(a);
    }
    assertThat(pending.take()).isSameAs(b);
    assertThat(pending.isClosed()).isFalse();
    assertThat(pending.take()).isSameAs(a);
    assertThat(pending.isClosed()).as("emptied").isTrue();
    assertThat(pending.take()).isNull();
    assertThat(pending.add(a)).as("closed: the adder starts again from the field").isFalse();
  }

  @Test
  void theNewestOfAContextOrOfAFrameIsRemovedAndTheOrderOfTheOthersKept() {
    PendingRuns pending = new PendingRuns(a, b);
    pending.add(a);
    pending.add(b);

    assertThat(pending.removeNewest(a, null)).isSameAs(a);
    assertThat(pending.removeNewest(null, b)).isSameAs(b);
    assertThat(pending.removeNewest(new Object[0], null)).isNull();
    assertThat(pending.take()).isSameAs(a);
    assertThat(pending.take()).isSameAs(b);
    assertThat(pending.isClosed()).isTrue();
  }

  @Test
  void drainingGivesEveryPendingRunAndCloses() {
    PendingRuns pending = new PendingRuns(a, a);
    pending.add(b);

    assertThat(pending.drain()).containsExactly(a, a, b);
    assertThat(pending.isClosed()).isTrue();
  }

  @Test
  void itGrowsPastItsFirstCapacityKeepingTheOrder() {
    Object[][] frames = new Object[20][];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = new Object[] {"storage", i};
    }
    PendingRuns pending = new PendingRuns(frames[0], frames[1]);
    pending.take(); // the ring's head moves before it grows
    for (int i = 2; i < frames.length; i++) {
      pending.add(frames[i]);
    }

    for (int i = 1; i < frames.length; i++) {
      assertThat(pending.take()).isSameAs(frames[i]);
    }
    assertThat(pending.isClosed()).isTrue();
  }

  @Test
  void addersAndATakerRacingWhileTheCountTurnsIntoAQueueTakeEveryAcceptedRunOnce() throws Exception {
    int perAdder = 20_000;
    PendingRuns pending = new PendingRuns(a, a);
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(3);
    java.util.concurrent.atomic.AtomicInteger acceptedA = new java.util.concurrent.atomic.AtomicInteger(2);
    java.util.concurrent.atomic.AtomicInteger acceptedB = new java.util.concurrent.atomic.AtomicInteger();
    Thread first =
        new Thread(
            () -> {
              await(start);
              for (int i = 0; i < perAdder; i++) {
                if (pending.add(a)) {
                  acceptedA.incrementAndGet();
                }
              }
            });
    Thread second =
        new Thread(
            () -> {
              await(start);
              for (int i = 0; i < perAdder; i++) {
                Object context = i == perAdder / 2 ? b : a; // one other context: a queue from then on
                if (pending.add(context)) {
                  (context == b ? acceptedB : acceptedA).incrementAndGet();
                }
              }
            });
    first.start();
    second.start();
    await(start);
    int takenA = 0;
    int takenB = 0;
    while (first.isAlive() || second.isAlive() || !pending.isClosed()) {
      Object taken = pending.take();
      if (taken == a) {
        takenA++;
      } else if (taken == b) {
        takenB++;
      }
    }
    first.join(10_000);
    second.join(10_000);

    assertThat(takenA).isEqualTo(acceptedA.get());
    assertThat(takenB).isEqualTo(acceptedB.get());
  }

  private static void await(java.util.concurrent.CyclicBarrier barrier) {
    try {
      barrier.await(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

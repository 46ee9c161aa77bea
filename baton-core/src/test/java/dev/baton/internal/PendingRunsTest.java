package dev.baton.internal;

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
}

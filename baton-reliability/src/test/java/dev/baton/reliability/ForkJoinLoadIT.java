package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A million checks through ForkJoinPool tasks and parallel streams, under the agent, from four
 * submitters at once: each forked task and each stream element sees the id of the request that
 * started it.
 */
class ForkJoinLoadIT {

  private static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  private static final int SUBMITTERS = 4;
  private static final int REQUESTS_PER_SUBMITTER = 25;
  private static final int ELEMENTS_PER_REQUEST = 10_000;
  private static final long TOTAL = (long) SUBMITTERS * REQUESTS_PER_SUBMITTER * ELEMENTS_PER_REQUEST;

  private final ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
  private final ForkJoinPool pool = new ForkJoinPool(4);
  private final LongAdder checked = new LongAdder();
  private final LongAdder mixUps = new LongAdder();

  @AfterEach
  void stop() throws InterruptedException {
    submitters.shutdownNow();
    pool.shutdownNow();
    assertThat(submitters.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aMillionForkedTasksEachSeeTheirRequest() throws Exception {
    fromSubmitters(id -> pool.invoke(new Check(id, 0, ELEMENTS_PER_REQUEST)));

    assertThat(checked.sum()).isEqualTo(TOTAL);
    assertThat(mixUps.sum()).isZero();
    assertThat(pool.submit(() -> REQUEST_ID.getStore()).get(10, TimeUnit.SECONDS))
        .as("a pool worker afterwards")
        .isNull();
  }

  @Test
  void aMillionParallelStreamElementsEachSeeTheirRequest() throws Exception {
    fromSubmitters(
        id ->
            IntStream.range(0, ELEMENTS_PER_REQUEST)
                .parallel()
                .forEach(
                    i -> {
                      checked.increment();
                      if (!id.equals(REQUEST_ID.getStore())) {
                        mixUps.increment();
                      }
                    }));

    assertThat(checked.sum()).isEqualTo(TOTAL);
    assertThat(mixUps.sum()).isZero();
    assertThat(ForkJoinPool.commonPool().submit(() -> REQUEST_ID.getStore()).get(10, TimeUnit.SECONDS))
        .as("a common pool worker afterwards")
        .isNull();
  }

  private void fromSubmitters(java.util.function.Consumer<String> request) throws Exception {
    CyclicBarrier start = new CyclicBarrier(SUBMITTERS);
    List<Future<?>> done = new ArrayList<>();
    for (int s = 0; s < SUBMITTERS; s++) {
      int submitter = s;
      done.add(
          submitters.submit(
              () -> {
                start.await(10, TimeUnit.SECONDS);
                for (int r = 0; r < REQUESTS_PER_SUBMITTER; r++) {
                  String id = submitter + "-" + r;
                  REQUEST_ID.run(id, () -> request.accept(id));
                }
                return null;
              }));
    }
    for (Future<?> future : done) {
      future.get(5, TimeUnit.MINUTES);
    }
  }

  /** Splits down to single elements: about two forked tasks per element. */
  private final class Check extends RecursiveAction {
    private final String id;
    private final int from;
    private final int to;

    Check(String id, int from, int to) {
      this.id = id;
      this.from = from;
      this.to = to;
    }

    @Override
    protected void compute() {
      if (to - from == 1) {
        checked.increment();
        if (!id.equals(REQUEST_ID.getStore())) {
          mixUps.increment();
        }
        return;
      }
      int middle = (from + to) >>> 1;
      invokeAll(new Check(id, from, middle), new Check(id, middle, to));
    }
  }
}

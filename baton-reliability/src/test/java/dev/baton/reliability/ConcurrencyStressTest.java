package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncHook;
import dev.baton.AsyncHooks;
import dev.baton.AsyncLocalStorage;
import dev.baton.AsyncResource;
import dev.baton.ContextExecutors;
import dev.baton.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many threads at once, on every core, doing everything the API allows at the same time. */
class ConcurrencyStressTest {

  private static final int THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  private static final int ITERATIONS = 20_000;

  private final ExecutorService threads = Executors.newFixedThreadPool(THREADS + 1);
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();

  @AfterEach
  void stop() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void runEnterWithDisableAndSnapshotsFromEveryThreadAtOnce() throws Exception {
    AsyncLocalStorage<String> request = new AsyncLocalStorage<>("request");
    AsyncLocalStorage<Integer> toggled = new AsyncLocalStorage<>("toggled");
    Queue<Object[]> handedOver = new ConcurrentLinkedQueue<>();
    AtomicBoolean working = new AtomicBoolean(true);
    LongAdder snapshotsRun = new LongAdder();

    Future<?> disabler =
        threads.submit(
            () -> {
              while (working.get()) {
                toggled.disable(); // every thread sees the default until its next run
                Thread.onSpinWait();
              }
            });
    inParallel(
        thread -> {
          for (int i = 0; i < ITERATIONS; i++) {
            String id = thread + "-" + i;
            int n = i;
            request.run(
                id,
                () -> {
                  expect(id, request.getStore(), "inside run");
                  request.enterWith(id + "+");
                  expect(id + "+", request.getStore(), "after enterWith");
                  handedOver.add(new Object[] {AsyncLocalStorage.snapshot(), id + "+"});
                  toggled.run(
                      n,
                      () -> {
                        Integer seen = toggled.getStore();
                        if (seen != null && seen != n) {
                          failures.add(id + ": toggled saw " + seen);
                        }
                        expect(id + "+", request.getStore(), "inside a nested run");
                      });
                });
            expect(null, request.getStore(), "after run");
            Object[] other = handedOver.poll();
            if (other != null) {
              ((Snapshot) other[0]).run(() -> expect((String) other[1], request.getStore(), "in another thread's snapshot"));
              snapshotsRun.increment();
            }
          }
        });
    working.set(false);
    disabler.get(10, TimeUnit.SECONDS);

    assertThat(failures).isEmpty();
    assertThat(snapshotsRun.sum()).isPositive();
  }

  @Test
  void hooksSwitchedOnAndOffWhileTasksAndResourcesRun() throws Exception {
    AsyncLocalStorage<String> request = new AsyncLocalStorage<>("request");
    Set<Long> destroyed = ConcurrentHashMap.newKeySet();
    LongAdder events = new LongAdder();
    AsyncHook hook =
        AsyncHooks.createHook(
            new AsyncHook.Callbacks() {
              @Override
              public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
                events.increment();
                if (asyncId <= 1) {
                  failures.add("init with id " + asyncId);
                }
              }

              @Override
              public void before(long asyncId) {
                events.increment();
              }

              @Override
              public void destroy(long asyncId) {
                if (!destroyed.add(asyncId)) {
                  failures.add("destroyed twice: " + asyncId);
                }
              }
            });
    ExecutorService raw = Executors.newFixedThreadPool(2);
    ExecutorService pool = ContextExecutors.wrap(raw);
    AtomicBoolean working = new AtomicBoolean(true);
    try {
      Future<?> toggler =
          threads.submit(
              () -> {
                while (working.get()) {
                  hook.enable();
                  Thread.onSpinWait();
                  hook.disable();
                }
              });
      inParallel(
          thread -> {
            for (int i = 0; i < ITERATIONS / 10; i++) {
              String id = thread + "-" + i;
              request.run(
                  id,
                  () -> {
                    AsyncResource resource = new AsyncResource("stress");
                    resource.runInAsyncScope(
                        () -> {
                          expect(id, request.getStore(), "in a resource's scope");
                          if (AsyncHooks.executionAsyncId() != resource.asyncId()) {
                            failures.add(id + ": executionAsyncId is not the resource's");
                          }
                        });
                    resource.emitDestroy();
                    try {
                      expect(id, pool.submit(request::getStore).get(10, TimeUnit.SECONDS), "in a task");
                    } catch (Exception e) {
                      failures.add(id + ": " + e);
                    }
                  });
            }
          });
      working.set(false);
      toggler.get(10, TimeUnit.SECONDS);
    } finally {
      hook.disable();
      raw.shutdownNow();
    }

    assertThat(failures).isEmpty();
    assertThat(events.sum()).as("the hook saw events while it was on").isPositive();
  }

  @Test
  void asyncIdsOfResourcesAndTasksAreUniqueUnderContention() throws Exception {
    Map<Long, Boolean> ids = new ConcurrentHashMap<>();
    AsyncHook hook =
        AsyncHooks.createHook(
                new AsyncHook.Callbacks() {
                  @Override
                  public void init(long asyncId, String type, long triggerAsyncId, Object resource) {
                    if (ids.put(asyncId, Boolean.TRUE) != null) {
                      failures.add("id given twice: " + asyncId);
                    }
                  }
                })
            .enable();
    ExecutorService raw = Executors.newFixedThreadPool(2);
    ExecutorService pool = ContextExecutors.wrap(raw);
    try {
      inParallel(
          thread -> {
            List<Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < ITERATIONS; i++) {
              new AsyncResource("unique");
              if (i % 20 == 0) {
                tasks.add(pool.submit(() -> {})); // a task resource: an id too
              }
            }
            for (Future<?> task : tasks) {
              try {
                task.get(10, TimeUnit.SECONDS);
              } catch (Exception e) {
                failures.add(e.toString());
              }
            }
          });
    } finally {
      hook.disable();
      raw.shutdownNow();
    }

    assertThat(failures).isEmpty();
    assertThat(ids).hasSizeGreaterThanOrEqualTo(THREADS * ITERATIONS);
  }

  private void expect(String expected, String seen, String where) {
    if (expected == null ? seen != null : !expected.equals(seen)) {
      failures.add(where + ": expected " + expected + ", saw " + seen);
    }
  }

  /** Runs {@code body} on every thread, all released at once by a barrier. */
  private void inParallel(java.util.function.IntConsumer body) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      done.add(
          threads.submit(
              () -> {
                start.await(10, TimeUnit.SECONDS);
                body.accept(thread);
                return null;
              }));
    }
    for (Future<?> future : done) {
      future.get(3, TimeUnit.MINUTES);
    }
  }
}

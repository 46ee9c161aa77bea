package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Virtual threads under the agent: started, per-task executors, and their carriers left clean. */
class VirtualThreadsIT {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");

  @Test
  void aVirtualThreadRunsInTheContextOfTheCodeThatStartedIt() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    Thread thread = Thread.ofVirtual().unstarted(() -> seen.complete(storage.getStore()));

    storage.run(
        "virtual",
        () -> {
          thread.start();
          storage.enterWith("changed after start");
        });

    assertThat(seen.get(10, SECONDS)).isEqualTo("virtual");
  }

  @Test
  void theVirtualThreadPerTaskExecutorPropagatesAcrossParkingAndLeavesCarriersClean()
      throws Exception {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> requests =
          java.util.stream.IntStream.range(0, 200)
              .mapToObj(
                  i ->
                      storage.call(
                          "request-" + i,
                          () ->
                              executor.submit(
                                  () -> {
                                    String before = storage.getStore();
                                    LockSupport.parkNanos(1_000_000); // unmounts; may resume on another carrier
                                    Thread.yield();
                                    return before + "/" + storage.getStore();
                                  })))
              .toList();

      for (int i = 0; i < requests.size(); i++) {
        assertThat(requests.get(i).get(10, SECONDS)).isEqualTo("request-" + i + "/request-" + i);
      }
      assertThat(executor.submit(() -> String.valueOf(storage.getStore())).get(10, SECONDS))
          .as("a task submitted without a store")
          .isEqualTo("null");
    }
    List<String> seenOnCommonPool = new CopyOnWriteArrayList<>();
    CountDownLatch ran = new CountDownLatch(1);
    Thread.ofPlatform().start(() -> {
      seenOnCommonPool.add(String.valueOf(storage.getStore()));
      ran.countDown();
    });
    assertThat(ran.await(10, SECONDS)).isTrue();
    assertThat(seenOnCommonPool).containsExactly("null");
  }

  @Test
  void withAHookEnabledAVirtualThreadIsAnAsyncResourceTriggeredByItsStarter() throws Exception {
    RecordingHook hook = RecordingHook.enabled();
    try {
      AsyncResource starter = new AsyncResource("Starter");
      CompletableFuture<long[]> ids = new CompletableFuture<>();

      Thread thread =
          starter.callInAsyncScope(
              () ->
                  Thread.ofVirtual()
                      .start(() -> ids.complete(new long[] {AsyncHooks.executionAsyncId(), AsyncHooks.triggerAsyncId()})));
      thread.join();

      long threadId = ids.get(10, SECONDS)[0];
      assertThat(ids.get()[1]).isEqualTo(starter.asyncId());
      assertThat(hook.eventsOf(threadId)).containsExactly("init", "before", "after", "destroy");
    } finally {
      hook.disable();
    }
  }
}

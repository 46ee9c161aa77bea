package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Another request's thread, for tests of futures: completes them on a thread of its own, inside a
 * store of its own, and checks that the callbacks the completion ran left that thread in its own
 * context.
 */
final class AnotherRequest implements AutoCloseable {

  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final AsyncLocalStorage<String> storage;
  private final String id;

  AnotherRequest(AsyncLocalStorage<String> storage, String id) {
    this.storage = storage;
    this.id = id;
  }

  /** Runs {@code completion} on this request's thread, in its store, and waits for it. */
  void run(Runnable completion) throws Exception {
    thread
        .submit(
            () ->
                storage.run(
                    id,
                    () -> {
                      completion.run();
                      assertThat(storage.getStore()).as("the completing thread after the callbacks ran").isEqualTo(id);
                    }))
        .get(10, SECONDS);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

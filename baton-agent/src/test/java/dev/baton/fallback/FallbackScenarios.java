package dev.baton.fallback;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import dev.baton.AsyncLocalStorage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Work done with Guava's futures and with task classes of a class loader of their own, as Guava's
 * fallback tests load them: {@code GuavaFallbackLoadersIT} loads this class and Guava's {@code
 * util.concurrent} package in loaders that refuse {@code VarHandle} (and {@code Unsafe}), and calls
 * these methods reflectively. Each returns the stores its callbacks saw, in order.
 */
public final class FallbackScenarios {

  private FallbackScenarios() {}

  /** Listeners added in one context, the future completed in another, on a pool and directly. */
  public static List<String> listeners(AsyncLocalStorage<String> storage) throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      SettableFuture<String> future = SettableFuture.create();
      CountDownLatch ran = new CountDownLatch(1);
      storage.run(
          "registrar",
          () -> {
            future.addListener(() -> seen.add("direct:" + storage.getStore()), MoreExecutors.directExecutor());
            future.addListener(
                () -> {
                  seen.add("pool:" + storage.getStore());
                  ran.countDown();
                },
                pool);
          });
      storage.run("completer", () -> future.set("done"));
      await(ran);
      seen.add("pool afterwards:" + pool.submit(storage::getStore).get(10, SECONDS));
      return seen;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A thread subclass and a task class of this class's loader, started and submitted in a context. */
  public static List<String> tasksOfThisLoader(AsyncLocalStorage<String> storage) throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch ran = new CountDownLatch(2);
      Thread thread = new RecordingThread(new Task(storage, seen, "thread", ran));
      storage.run(
          "starter",
          () -> {
            thread.start();
            pool.execute(new Task(storage, seen, "task", ran));
          });
      await(ran);
      thread.join(10_000);
      return seen;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * {@code length} futures, each set to the next with {@code setFuture}, completed from the
   * innermost, with a listener added in a context on the outermost; then another such chain
   * cancelled from the outermost, with a listener added in a context on the innermost.
   */
  public static List<String> chains(AsyncLocalStorage<String> storage, int length) {
    List<String> seen = new CopyOnWriteArrayList<>();
    SettableFuture<String> completed = SettableFuture.create();
    SettableFuture<String> innermost = chain(completed, length);
    storage.run("waiting for the chain", () -> completed.addListener(() -> seen.add("completed:" + storage.getStore()), Runnable::run));
    innermost.set("done");
    seen.add("outermost done:" + completed.isDone());

    SettableFuture<String> cancelled = SettableFuture.create();
    SettableFuture<String> last = chain(cancelled, length);
    storage.run("waiting for the cancellation", () -> last.addListener(() -> seen.add("listener of the innermost:" + storage.getStore()), Runnable::run));
    cancelled.cancel(true);
    seen.add("innermost cancelled:" + last.isCancelled());
    return seen;
  }

  private static SettableFuture<String> chain(SettableFuture<String> outermost, int length) {
    SettableFuture<String> previous = outermost;
    for (int i = 0; i < length; i++) {
      SettableFuture<String> next = SettableFuture.create();
      previous.setFuture(next);
      previous = next;
    }
    return previous;
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(10, SECONDS)) {
      throw new AssertionError("the callbacks did not run within 10 s");
    }
  }

  /** A thread subclass of this class's loader, recording as its task does. */
  private static final class RecordingThread extends Thread {
    private final Task task;

    RecordingThread(Task task) {
      this.task = task;
    }

    @Override
    public void run() {
      task.run();
    }
  }

  /** A task class of this class's loader: records what it is and the store it sees. */
  private static final class Task implements Runnable {
    private final AsyncLocalStorage<String> storage;
    private final List<String> seen;
    private final String what;
    private final CountDownLatch ran;

    Task(AsyncLocalStorage<String> storage, List<String> seen, String what, CountDownLatch ran) {
      this.storage = storage;
      this.seen = seen;
      this.what = what;
      this.ran = ran;
    }

    @Override
    public void run() {
      seen.add(what + ":" + storage.getStore());
      ran.countDown();
    }
  }
}

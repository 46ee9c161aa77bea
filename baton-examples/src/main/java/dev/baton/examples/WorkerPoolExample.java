package dev.baton.examples;

import dev.baton.AsyncLocalStorage;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Uses the {@link WorkerPool} as Node's page does: ten {@code 42 + 100} tasks, each submitted in a
 * context of its own, plus one task whose worker fails. Every callback prints the task's number,
 * its error, its result and the context it runs in, which is its submitter's:
 *
 * <pre>
 * 3 null 142 (in the context of caller-3)
 * ...
 * 10 java.lang.NullPointerException: b null (in the context of caller-10)
 * </pre>
 *
 * Lines appear in the order the workers finish.
 */
public final class WorkerPoolExample {

  private static final AsyncLocalStorage<String> caller = new AsyncLocalStorage<>("caller");

  private WorkerPoolExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while waiting for the tasks
   */
  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  /**
   * Runs the tasks and waits for their callbacks.
   *
   * @param out where the callbacks print
   * @throws InterruptedException if interrupted while waiting
   */
  public static void run(PrintStream out) throws InterruptedException {
    int tasks = 10;
    CountDownLatch finished = new CountDownLatch(tasks + 1);
    try (WorkerPool pool = new WorkerPool(Runtime.getRuntime().availableProcessors())) {
      for (int i = 0; i < tasks; i++) {
        submit(pool, i, new WorkerPool.Task(42, 100), out, finished);
      }
      submit(pool, tasks, new WorkerPool.Task(42, null), out, finished);
      if (!finished.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the pool did not finish its tasks");
      }
    }
  }

  private static void submit(
      WorkerPool pool, int i, WorkerPool.Task task, PrintStream out, CountDownLatch finished) {
    caller.run(
        "caller-" + i,
        () ->
            pool.runTask(
                task,
                (err, result) -> {
                  out.println(
                      i + " " + err + " " + result + " (in the context of " + caller.getStore() + ")");
                  finished.countDown();
                }));
  }
}

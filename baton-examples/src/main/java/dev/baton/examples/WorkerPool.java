package dev.baton.examples;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The worker pool of Node's {@code AsyncResource} page: worker threads created up front, each
 * adding two numbers per message, and a callback per task that runs in the context of the code
 * that submitted the task.
 *
 * <p>As in Node, the pool's bookkeeping and the callbacks run on one "main" thread (here an
 * {@link EventLoop}); workers only compute and post their result back. A worker whose task throws
 * dies like a Node worker with an uncaught exception: the task's callback gets the error and a new
 * worker takes its place.
 */
public final class WorkerPool implements AutoCloseable {

  /** A task: add {@code a} and {@code b}. */
  public record Task(Integer a, Integer b) {}

  /** Receives a task's outcome: the error, or the result. */
  @FunctionalInterface
  public interface Callback {
    /**
     * Called once per task, in the context of the code that submitted it.
     *
     * @param err the failure, or null
     * @param result the sum, or null on failure
     */
    void done(Throwable err, Integer result);
  }

  private final EventLoop main = new EventLoop("worker-pool-main");
  private final List<Worker> workers = new ArrayList<>();
  private final Deque<Worker> freeWorkers = new ArrayDeque<>();
  private final Deque<Pending> tasks = new ArrayDeque<>();
  private int workersCreated;

  /**
   * Creates the pool and its workers.
   *
   * @param numThreads how many workers
   */
  public WorkerPool(int numThreads) {
    for (int i = 0; i < numThreads; i++) {
      addNewWorker();
    }
    main.start();
  }

  /**
   * Submits a task; callable from any thread. The task's {@link WorkerPoolTaskInfo} is created
   * here, so that a task waiting for a free worker keeps its submitter's context.
   *
   * @param task the numbers to add
   * @param callback receives the outcome, in the caller's context
   */
  public void runTask(Task task, Callback callback) {
    Objects.requireNonNull(task, "task");
    Pending pending = new Pending(task, new WorkerPoolTaskInfo(Objects.requireNonNull(callback, "callback")));
    main.execute(() -> dispatch(pending));
  }

  private void dispatch(Pending pending) {
    Worker worker = freeWorkers.poll();
    if (worker == null) {
      tasks.add(pending); // no free worker: wait until one is freed
      return;
    }
    worker.taskInfo = pending.taskInfo;
    worker.inbox.add(pending.task);
  }

  private void workerFreed(Worker worker) {
    freeWorkers.push(worker);
    Pending next = tasks.poll();
    if (next != null) {
      dispatch(next);
    }
  }

  private void addNewWorker() {
    Worker worker = new Worker(workersCreated++);
    workers.add(worker);
    worker.thread.start();
    workerFreed(worker);
  }

  private void onMessage(Worker worker, int result) {
    WorkerPoolTaskInfo taskInfo = worker.taskInfo;
    worker.taskInfo = null;
    taskInfo.done(null, result);
    workerFreed(worker);
  }

  private void onError(Worker worker, RuntimeException err) {
    WorkerPoolTaskInfo taskInfo = worker.taskInfo;
    worker.taskInfo = null;
    if (taskInfo != null) {
      taskInfo.done(err, null);
    } else {
      Thread current = Thread.currentThread();
      current.getUncaughtExceptionHandler().uncaughtException(current, err);
    }
    workers.remove(worker);
    addNewWorker();
  }

  /** Stops the workers and the pool's main thread. */
  @Override
  public void close() {
    main.execute(
        () -> {
          for (Worker worker : workers) {
            worker.thread.interrupt();
          }
        });
    main.execute(main::close);
  }

  private record Pending(Task task, WorkerPoolTaskInfo taskInfo) {}

  private final class Worker {
    final BlockingQueue<Task> inbox = new LinkedBlockingQueue<>();
    final Thread thread;
    WorkerPoolTaskInfo taskInfo; // only touched on the main loop

    Worker(int number) {
      thread = new Thread(this::process, "worker-" + number);
      thread.setDaemon(true);
    }

    /** The task processor: adds the numbers and posts the sum back to the main loop. */
    private void process() {
      try {
        while (true) {
          Task task = inbox.take();
          int result;
          try {
            result = Objects.requireNonNull(task.a(), "a") + Objects.requireNonNull(task.b(), "b");
          } catch (RuntimeException err) {
            main.execute(() -> onError(this, err));
            return; // the worker dies with its uncaught exception
          }
          main.execute(() -> onMessage(this, result));
        }
      } catch (InterruptedException terminated) {
        // close() terminated the worker
      }
    }
  }
}

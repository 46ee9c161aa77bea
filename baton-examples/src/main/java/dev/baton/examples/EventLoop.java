package dev.baton.examples;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A single-threaded event loop with Node's two phases that matter to the examples: a poll phase
 * that runs every I/O callback ready, then a check phase that runs the {@link #setImmediate}
 * callbacks queued so far.
 *
 * <p>Like Node's runtime, the loop does not bind callbacks itself: both phases are executors, and
 * Baton's agent carries the context of the code that queued a callback to where it runs, as Node
 * does for {@code setImmediate}. I/O callbacks ({@link #execute}) come from the server's
 * dispatcher, which is in no request's context, as Node's I/O events are. Without the agent, wrap
 * the loop with {@link dev.baton.ContextExecutors#wrap(Executor)} or bind the callbacks.
 */
public final class EventLoop implements Executor, AutoCloseable {

  private final BlockingQueue<Runnable> ready = new LinkedBlockingQueue<>();
  private final CheckPhase immediates = new CheckPhase();
  private final Thread thread;

  /**
   * Creates a loop; it runs nothing until {@link #start()}.
   *
   * @param name the name of the loop's thread
   */
  public EventLoop(String name) {
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
  }

  /** Starts the loop's thread. */
  public void start() {
    thread.start();
  }

  /**
   * Queues an I/O callback for the next poll phase; callable from any thread.
   *
   * @param callback what to run on the loop
   */
  @Override
  public void execute(Runnable callback) {
    ready.add(callback);
  }

  /**
   * Queues {@code callback} for the check phase of this iteration. Callable from the loop's thread
   * only, as in Node.
   *
   * @param callback what to run
   * @throws IllegalStateException if called from another thread
   */
  public void setImmediate(Runnable callback) {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException("setImmediate is for code running on the loop");
    }
    immediates.execute(callback);
  }

  /** Stops the loop after the callback it is running, if any. */
  @Override
  public void close() {
    thread.interrupt();
  }

  private void loop() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        // Poll phase: wait for I/O only when no immediate is due
        Runnable callback = immediates.queue.isEmpty() ? ready.take() : ready.poll();
        while (callback != null) {
          runReporting(callback);
          callback = ready.poll();
        }
        // Check phase: the immediates queued until now; those they queue wait for the next one
        for (int due = immediates.queue.size(); due > 0; due--) {
          runReporting(immediates.queue.remove());
        }
      }
    } catch (InterruptedException closed) {
      // close() was called
    }
  }

  private static void runReporting(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException failure) {
      Thread current = Thread.currentThread();
      current.getUncaughtExceptionHandler().uncaughtException(current, failure);
    }
  }

  /** The check phase's queue, an executor of its own: only the loop's thread touches it. */
  private static final class CheckPhase implements Executor {
    final Queue<Runnable> queue = new ArrayDeque<>();

    @Override
    public void execute(Runnable callback) {
      queue.add(callback);
    }
  }
}

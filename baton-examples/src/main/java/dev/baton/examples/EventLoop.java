package dev.baton.examples;

import dev.baton.AsyncLocalStorage;
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
 * <p>I/O callbacks ({@link #execute}) run in the loop's own context, as Node's I/O events do;
 * {@code setImmediate} callbacks run in the context of the code that queued them, as Node's do.
 */
public final class EventLoop implements Executor, AutoCloseable {

  private final BlockingQueue<Runnable> ready = new LinkedBlockingQueue<>();
  private final Queue<Runnable> immediates = new ArrayDeque<>();
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
   * Queues {@code callback} for the check phase of this iteration, bound to the current context.
   * Callable from the loop's thread only, as in Node.
   *
   * @param callback what to run
   * @throws IllegalStateException if called from another thread
   */
  public void setImmediate(Runnable callback) {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException("setImmediate is for code running on the loop");
    }
    immediates.add(AsyncLocalStorage.bind(callback));
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
        Runnable callback = immediates.isEmpty() ? ready.take() : ready.poll();
        while (callback != null) {
          runReporting(callback);
          callback = ready.poll();
        }
        // Check phase: the immediates queued until now; those they queue wait for the next one
        for (int due = immediates.size(); due > 0; due--) {
          runReporting(immediates.remove());
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
}

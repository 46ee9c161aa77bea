package dev.baton.hidden;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Tasks, a thread and a lambda of a loader that cannot see Baton's classes: {@code HiddenBatonIT}. */
public final class HiddenTasks {

  private HiddenTasks() {}

  /** Runs a task class, a thread subclass and a lambda; returns what ran. */
  public static List<String> run() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(new Job(ran)).get(10, TimeUnit.SECONDS);
      Runnable lambda = () -> ran.add("lambda");
      pool.submit(lambda).get(10, TimeUnit.SECONDS);
      Thread thread = new Worker(ran);
      thread.start();
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } finally {
      pool.shutdown();
    }
    return ran;
  }

  static final class Job implements Runnable {
    private final List<String> ran;

    Job(List<String> ran) {
      this.ran = ran;
    }

    @Override
    public void run() {
      ran.add("task");
    }
  }

  static final class Worker extends Thread {
    private final List<String> ran;

    Worker(List<String> ran) {
      this.ran = ran;
    }

    @Override
    public void run() {
      ran.add("thread");
    }
  }
}

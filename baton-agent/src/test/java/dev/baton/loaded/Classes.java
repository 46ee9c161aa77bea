package dev.baton.loaded;

import java.util.concurrent.Callable;

/** An application's classes, outside the agent's package, for tests of what the agent offers to instrument. */
public final class Classes {

  private Classes() {}

  /** A task. */
  public static class Task implements Runnable {
    @Override
    public void run() {}
  }

  /** A task by inheritance only. */
  public static final class SubTask extends Task {}

  /** A callable. */
  public static final class Work implements Callable<String> {
    @Override
    public String call() {
      return "";
    }
  }

  /** Nothing the agent cares about. */
  public static final class Plain {}
}

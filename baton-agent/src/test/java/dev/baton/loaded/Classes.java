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

  /** A task whose static initializer says when it ran. */
  public static class InitializedTask implements Runnable {
    /** The system property its static initializer sets, to the name of its class loader. */
    public static final String INITIALIZED = "dev.baton.loaded.initialized";

    static {
      System.setProperty(INITIALIZED, String.valueOf(InitializedTask.class.getClassLoader().getName()));
    }

    @Override
    public void run() {}
  }

  /** A task by inheritance from a class with a static initializer, with a run of its own. */
  public static final class InitializedSubTask extends InitializedTask {
    @Override
    public void run() {}
  }

  /** A task by inheritance only, from a class with a static initializer. */
  public static final class InheritingSubTask extends InitializedTask {
    @Override
    public String toString() {
      return "inherits run()";
    }
  }
}

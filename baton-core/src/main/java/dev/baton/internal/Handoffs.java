package dev.baton.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Context propagation by attaching the captured context to the task object itself, for the
 * agent's instrumentation: an executor's submission method calls {@link #onSubmit}, the task's
 * {@code run} calls {@link #beforeRun} and {@link #afterRun}. Plain Java, so that it is tested
 * without the agent; what it captures and how it enters it is {@link TaskContexts}, as for the
 * explicit wrappers.
 *
 * <p>The task keeps its identity (priority queues, {@code remove(task)} and {@code shutdownNow()}
 * see the user's object), except for objects of hidden classes such as lambdas, which cannot be
 * instrumented and are wrapped instead.
 */
public final class Handoffs {

  private static final int ENQUEUE = 0;
  private static final int DEQUEUE = 1;
  private static final int REGISTER = 2;
  private static final int THROWABLE = 3;

  /** Attachments consumed by the task's next run. */
  private static final WeakIdentityTable ONCE = new WeakIdentityTable();

  /** Attachments of periodic tasks and dependent stages, entered on every run. */
  private static final WeakIdentityTable REPEATING = new WeakIdentityTable();

  private Handoffs() {}

  /**
   * Called on entry of an executor's submission method: attaches the current context to {@code
   * task} and returns what the executor should receive instead (the task itself, or a wrapper).
   * Submissions nested in another one (an executor delegating to another, a {@code submit} that
   * calls {@code execute}) return the task unchanged: the outermost one captured already.
   */
  public static Object onSubmit(Object task, boolean repeating) {
    ThreadState thread = ThreadState.current();
    if (thread.handingOver++ > 0 || task == null) {
      return task;
    }
    try {
      if (task instanceof Collection) {
        return attachAll((Collection<?>) task);
      }
      return attach(task, repeating);
    } catch (RuntimeException | LinkageError failure) {
      report("attach the context to", task, failure);
      return task;
    }
  }

  /**
   * Called on exit of an executor's submission method, normally or by throwing, with what {@link
   * #onSubmit} returned. A rejected task is detached again: it was never handed over, and running
   * it by hand later must not enter the context of a submission that failed.
   */
  public static void afterSubmit(Object submitted, Throwable thrown) {
    if (--ThreadState.current().handingOver > 0 || thrown == null || submitted == null) {
      return;
    }
    if (thrown instanceof RejectedExecutionException && !(submitted instanceof Collection)) {
      Object dropped = ONCE.remove(submitted);
      if (dropped instanceof Traces.Traced) {
        dropped = ((Traces.Traced) dropped).captured;
      }
      if (dropped instanceof TaskResource) {
        ((TaskResource) dropped).destroyOnce();
      }
    }
  }

  /**
   * Called on entry of a method that starts threads or forks work without being a submission
   * itself (a pool growing its core threads): threads started inside it are the pool's own.
   */
  public static void enterPoolInternals() {
    ThreadState.current().handingOver++;
  }

  /** Pairs {@link #enterPoolInternals()}. */
  public static void exitPoolInternals() {
    ThreadState.current().handingOver--;
  }

  /**
   * Runs {@code action}, whose threads are Baton's own (a cleaner, a purger): they start in no
   * one's context, whoever happened to trigger their creation.
   */
  public static <T> T startingOwnThreads(Supplier<T> action) {
    enterPoolInternals();
    try {
      return action.get();
    } finally {
      exitPoolInternals();
    }
  }

  /** Attaches the current context to {@code task}, to be consumed by its next run. */
  public static void attachOnce(Object task) {
    try {
      attach(task, false);
    } catch (RuntimeException | LinkageError failure) {
      report("attach the context to", task, failure);
    }
  }

  /**
   * Attaches the current context to a dependent stage or a periodic task, for all its runs:
   * a stage runs in the context of the code that registered it, whichever thread completes it.
   */
  public static void attachRepeating(Object task) {
    attachForEveryRun(task, TaskContexts.PERIODIC_TASK);
  }

  /**
   * Attaches the current context to a dependent {@code CompletableFuture} stage as it is
   * registered: the stage's function runs in the registering code's context, as a promise's
   * {@code then} callback does in Node, whichever thread completes the source.
   */
  public static void attachStage(Object stage) {
    attachForEveryRun(stage, TaskContexts.STAGE);
  }

  private static void attachForEveryRun(Object task, String type) {
    try {
      REPEATING.put(task, TaskContexts.captureRepeating(type));
    } catch (RuntimeException | LinkageError failure) {
      report("attach the context to", task, failure);
    }
  }

  /**
   * Called on entry of {@code Thread.start()}: the new thread runs in the starter's context,
   * unless a pool is starting one of its own threads, which must not keep its first user's
   * context.
   */
  public static void onThreadStart(Thread thread) {
    if (ThreadState.current().handingOver > 0 || isPoolThread(thread)) {
      return;
    }
    try {
      ONCE.put(thread, TaskContexts.capture(TaskContexts.THREAD));
    } catch (RuntimeException | LinkageError failure) {
      report("attach the context to", thread, failure);
    }
  }

  private static boolean isPoolThread(Thread thread) {
    return thread instanceof ForkJoinWorkerThread
        || thread.getClass().getName().equals("java.util.TimerThread");
  }

  /**
   * Called on entry of a task's run: enters the context attached to {@code task}, if any, and
   * returns what {@link #afterRun} needs to leave it, or null when nothing was attached.
   */
  public static Object beforeRun(Object task) {
    try {
      Object captured = ONCE.remove(task);
      if (captured == null) {
        captured = REPEATING.get(task);
        if (captured == null) {
          return null;
        }
      }
      return TaskContexts.enter(captured);
    } catch (RuntimeException | LinkageError failure) {
      report("enter the context of", task, failure);
      return null;
    }
  }

  /**
   * Called on exit of a task's run, normally or by throwing, with what {@link #beforeRun} returned
   * and what the run threw.
   */
  public static void afterRun(Object saved, Throwable thrown) {
    if (saved != null) {
      if (thrown != null) {
        try {
          Traces.onEscape(thrown);
        } catch (RuntimeException | LinkageError failure) {
          report("trace", thrown, failure);
        }
      }
      TaskContexts.exit(saved);
    }
  }

  /** Whether {@code object} already carries a context to where it runs: Baton hands it over. */
  static boolean carriesContext(Object object) {
    return carriesItsOwnContext(object) || ONCE.get(object) != null || REPEATING.get(object) != null;
  }

  /**
   * Runs a diagnostic from instrumented JDK code. What it calls may go through the same JDK code
   * (a map, a queue), so a diagnostic never runs inside another on its thread, and one that fails
   * is reported there, once, instead of failing the JDK method.
   */
  private static void diagnose(int diagnostic, Object subject) {
    ThreadState thread;
    try {
      thread = ThreadState.current();
    } catch (ClassCircularityError loadingBaton) {
      return; // a JDK map used while Baton's own classes load: nothing of the application's
    }
    if (thread.diagnosing) {
      return;
    }
    try {
      // No lambdas here: linking one goes through the very maps and queues being diagnosed
      switch (diagnostic) {
        case ENQUEUE:
          LossDetector.onEnqueue(subject);
          break;
        case DEQUEUE:
          LossDetector.onDequeue(subject);
          break;
        case REGISTER:
          LossDetector.onRegister(subject);
          break;
        default:
          Traces.onThrowable((Throwable) subject);
      }
    } catch (RuntimeException | LinkageError failure) {
      thread.diagnosing = true;
      try {
        report("diagnose", subject, failure);
      } finally {
        thread.diagnosing = false;
      }
    }
  }

  /** Called by the agent when an element goes into a concurrent queue. */
  public static void onEnqueue(Object element) {
    if (Diagnosis.detectingLoss) {
      diagnose(ENQUEUE, element);
    }
  }

  /** Called by the agent when an element comes out of a concurrent queue. */
  public static void onDequeue(Object element) {
    if (Diagnosis.detectingLoss) {
      diagnose(DEQUEUE, element);
    }
  }

  /** Called by the agent when a callback is stored in a concurrent collection. */
  public static void onRegister(Object callback) {
    if (Diagnosis.detectingLoss) {
      diagnose(REGISTER, callback);
    }
  }

  /** Called by the agent when an exception is created. */
  public static void onThrowable(Throwable throwable) {
    if (Traces.enabled) {
      diagnose(THROWABLE, throwable);
    }
  }

  /**
   * Whether the agent instruments the run methods of {@code type}: every class but hidden ones
   * (lambdas) and the JDK's own outside its concurrency classes, threads and timers. Tasks of other
   * classes are wrapped at submission instead of attached to.
   */
  public static boolean isInstrumented(Class<?> type) {
    if (type.isHidden()) {
      return false;
    }
    return isInstrumentedName(type.getName());
  }

  /**
   * Classes the agent was told to leave alone. Tasks of these classes are wrapped at submission
   * like lambdas, so that an excluded task still runs in its submitter's context.
   */
  private static volatile Set<String> excluded = Set.of();

  private static volatile boolean agentInstalled;

  /** Called once by the agent, after its instrumentation is in place. */
  public static void agentInstalled() {
    agentInstalled = true;
  }

  /** Whether the agent instruments this JVM. */
  public static boolean isAgentInstalled() {
    return agentInstalled;
  }

  /** Called once by the agent, before it instruments anything, with the classes to leave alone. */
  public static void exclude(Set<String> classNames) {
    excluded = Set.copyOf(classNames);
  }

  /** As {@link #isInstrumented(Class)}, by class name, for classes not defined yet. */
  public static boolean isInstrumentedName(String className) {
    if (excluded.contains(className)) {
      return false;
    }
    boolean jdk =
        className.startsWith("java.")
            || className.startsWith("javax.")
            || className.startsWith("jdk.")
            || className.startsWith("sun.")
            || className.startsWith("com.sun.");
    return !jdk
        || className.startsWith("java.util.concurrent.")
        || className.equals("java.lang.Thread")
        || className.equals("java.lang.VirtualThread")
        || className.equals("java.util.Timer")
        || className.equals("java.util.TimerTask");
  }

  /**
   * Instrumented code must never fail because of Baton: the work goes on without its context, and
   * the reason is printed rather than dropped.
   */
  private static void report(String action, Object task, Throwable failure) {
    System.err.println(
        "baton: could not " + action + " " + task.getClass().getName() + ", which runs without it: " + failure);
  }

  private static Object attach(Object task, boolean repeating) {
    if (carriesItsOwnContext(task)) {
      return task;
    }
    if (task instanceof ForkJoinTask) {
      ONCE.put(task, TaskContexts.capture(TaskContexts.TASK)); // cannot be replaced by a wrapper
      return task;
    }
    if (!isInstrumented(task.getClass())) {
      return wrap(task, repeating);
    }
    if (REPEATING.get(task) != null) {
      return task; // a stage or periodic task keeps the context it was registered in
    }
    if (repeating) {
      REPEATING.put(task, TaskContexts.captureRepeating(TaskContexts.PERIODIC_TASK));
      return task;
    }
    if (ONCE.putIfAbsent(task, TaskContexts.capture(TaskContexts.TASK))) {
      return task;
    }
    // The same object is already waiting to run with another submitter's context: this
    // submission gets a wrapper of its own, which keeps the other's attachment for it
    return new Resubmission(TaskContexts.capture(TaskContexts.TASK), task);
  }

  /**
   * Baton's own wrappers already run in the context they were created in; the virtual-thread
   * scheduler's continuations belong to no one (a virtual thread's context lives on the virtual
   * thread itself).
   */
  private static boolean carriesItsOwnContext(Object task) {
    return task instanceof ContextRunnable
        || task instanceof ContextCallable
        || task instanceof Resubmission
        || task.getClass().getName().startsWith("java.lang.VirtualThread");
  }

  private static Object wrap(Object task, boolean repeating) {
    Object captured =
        repeating
            ? TaskContexts.captureRepeating(TaskContexts.PERIODIC_TASK)
            : TaskContexts.capture(TaskContexts.TASK);
    if (task instanceof Runnable) {
      return new ContextRunnable(captured, (Runnable) task);
    }
    if (task instanceof Callable) {
      return new ContextCallable<>(captured, (Callable<?>) task);
    }
    return task;
  }

  private static List<Object> attachAll(Collection<?> tasks) {
    List<Object> attached = new ArrayList<>(tasks.size());
    for (Object task : tasks) {
      attached.add(task == null ? null : attach(task, false));
    }
    return attached;
  }

  /**
   * A second pending submission of one task object: runs the task in its own captured context
   * while hiding the first submission's attachment from the task's instrumented run.
   */
  private static final class Resubmission implements Runnable, Callable<Object> {
    private final Object captured;
    private final Object task;

    Resubmission(Object captured, Object task) {
      this.captured = captured;
      this.task = task;
    }

    @Override
    public void run() {
      try {
        call();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Object call() throws Exception {
      Object pending = ONCE.remove(task);
      Object saved = TaskContexts.enter(captured);
      try {
        if (task instanceof Runnable) {
          ((Runnable) task).run();
          return null;
        }
        return ((Callable<?>) task).call();
      } finally {
        TaskContexts.exit(saved);
        if (pending != null) {
          ONCE.putIfAbsent(task, pending);
        }
      }
    }

    @Override
    public String toString() {
      return task.toString();
    }
  }
}

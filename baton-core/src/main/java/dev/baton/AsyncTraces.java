package dev.baton;

import dev.baton.internal.diagnostics.Traces;
import dev.baton.internal.state.TraceHop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Async stack traces: where the work that failed was handed over, hop by hop, across executors,
 * {@code CompletableFuture} stages and threads. A stack trace stops at the thread it was taken
 * on; with tracing on, every hand-off also records where it happened and which hand-off the code
 * doing it was itself running in, so that a failure can be followed back to the request that
 * started it.
 *
 * <pre>{@code
 * AsyncTraces.enable();
 * try {
 *   future.join();
 * } catch (CompletionException e) {
 *   for (AsyncTraces.Hop hop : AsyncTraces.of(e)) {
 *     log.error("submitted from {}", hop);            // innermost first
 *   }
 * }
 * }</pre>
 *
 * <p>Chains are cut to a maximum depth (8 hops unless told otherwise) and each hop keeps at most
 * 16 frames, so that memory stays bounded whatever the work does. Off by default; when on, each
 * hand-off walks the stack once ({@code docs/BENCHMARKS.md} gives the cost). Under the agent,
 * exceptions created anywhere in a traced task are linked to it; without the agent, exceptions
 * that escape a task bound by Baton's wrappers are. Agent options: {@code asyncTraces=true},
 * {@code asyncTraces.uncaught=true}, {@code asyncTraces.depth=N}.
 */
public final class AsyncTraces {

  private AsyncTraces() {}

  /** Turns tracing on, 8 hops deep, without touching exceptions. */
  public static void enable() {
    enable(8, false);
  }

  /**
   * Turns tracing on.
   *
   * @param maxDepth the most hops a chain keeps
   * @param attachToEscapingExceptions whether an exception that escapes a traced task also gets
   *     the chain as suppressed exceptions, so that every printer of its stack trace (the default
   *     uncaught-exception handler, loggers) shows where the work came from
   * @throws IllegalArgumentException if {@code maxDepth} is less than 1
   */
  public static void enable(int maxDepth, boolean attachToEscapingExceptions) {
    Traces.enable(maxDepth, attachToEscapingExceptions);
  }

  /** Turns tracing off; chains already captured stay readable. */
  public static void disable() {
    Traces.disable();
  }

  /**
   * Whether tracing is on.
   *
   * @return true when on
   */
  public static boolean isEnabled() {
    return Traces.isEnabled();
  }

  /**
   * Returns where the work that created {@code throwable} (or the first of its causes that has a
   * chain) was handed over, innermost hop first.
   *
   * @param throwable an exception
   * @return the hops, empty when none is known
   * @throws NullPointerException if {@code throwable} is null
   */
  public static List<Hop> of(Throwable throwable) {
    return chain(Traces.of(Objects.requireNonNull(throwable, "throwable")));
  }

  /**
   * Returns where the work running now was handed over, innermost hop first.
   *
   * @return the hops, empty outside traced work
   */
  public static List<Hop> current() {
    return chain(Traces.current());
  }

  private static List<Hop> chain(TraceHop innermost) {
    List<Hop> hops = new ArrayList<>();
    for (TraceHop hop = innermost; hop != null; hop = hop.parent) {
      hops.add(new Hop(hop));
    }
    return List.copyOf(hops);
  }

  /** One hand-off: what was handed over, on which thread, from where. Immutable. */
  public static final class Hop {
    private final String kind;
    private final String threadName;
    private final List<StackTraceElement> stack;

    private Hop(TraceHop hop) {
      this.kind = hop.kind;
      this.threadName = hop.threadName;
      this.stack = List.copyOf(Arrays.asList(hop.stack));
    }

    /**
     * What was handed over: {@code Task}, {@code PeriodicTask}, {@code Thread} or {@code
     * CompletionStage}.
     *
     * @return the kind
     */
    public String kind() {
      return kind;
    }

    /**
     * The thread that handed the work over.
     *
     * @return its name
     */
    public String threadName() {
      return threadName;
    }

    /**
     * Where it was handed over, innermost frame first, Baton's own frames left out.
     *
     * @return at most 16 frames
     */
    public List<StackTraceElement> stack() {
      return stack;
    }

    @Override
    public String toString() {
      StringBuilder text =
          new StringBuilder(kind).append(" handed over on thread \"").append(threadName).append('"');
      for (StackTraceElement frame : stack) {
        text.append("\n\tat ").append(frame);
      }
      return text.toString();
    }
  }
}

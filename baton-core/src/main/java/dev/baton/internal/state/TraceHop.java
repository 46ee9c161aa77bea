package dev.baton.internal.state;

/**
 * One hand-off in an async stack trace: where a task, stage or thread was submitted, and the
 * hand-off that the submitting code itself ran in. Immutable; chains are cut to a maximum depth,
 * so that work that keeps re-submitting itself does not grow a chain without end.
 */
public final class TraceHop {

  public final String kind;
  public final String threadName;
  public final StackTraceElement[] stack;
  public final TraceHop parent;
  final int depth;

  public TraceHop(String kind, String threadName, StackTraceElement[] stack, TraceHop parent, int maxDepth) {
    this.kind = kind;
    this.threadName = threadName;
    this.stack = stack;
    this.parent = parent == null ? null : parent.cut(maxDepth - 1);
    this.depth = this.parent == null ? 1 : this.parent.depth + 1;
  }

  private TraceHop(TraceHop copied, TraceHop parent) {
    this.kind = copied.kind;
    this.threadName = copied.threadName;
    this.stack = copied.stack;
    this.parent = parent;
    this.depth = parent == null ? 1 : parent.depth + 1;
  }

  /** This chain, keeping at most {@code keep} hops. */
  private TraceHop cut(int keep) {
    if (keep <= 0) {
      return null;
    }
    if (depth <= keep) {
      return this;
    }
    return new TraceHop(this, parent == null ? null : parent.cut(keep - 1));
  }
}

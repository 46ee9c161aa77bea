package dev.baton.internal.diagnostics;

import java.util.List;

/**
 * One problem diagnostics found, as the detectors describe it; {@link dev.baton.Diagnostics} turns
 * it into the public report its listeners receive.
 */
public final class Finding {

  /** What a finding is about; each has the public report kind of the same name. */
  public enum Kind {
    CONTEXT_LOSS,
    ENTER_WITH_LEFT_CURRENT,
    TASK_CHANGED_CONTEXT
  }

  public final Kind kind;
  public final String message;
  public final StackTraceElement site;
  public final StackTraceElement handOffSite;
  public final List<String> storeNames;
  public final String threadName;
  public final List<StackTraceElement> stack;

  Finding(
      Kind kind,
      String message,
      StackTraceElement site,
      StackTraceElement handOffSite,
      List<String> storeNames,
      String threadName,
      StackTraceElement[] stack) {
    this.kind = kind;
    this.message = message;
    this.site = site;
    this.handOffSite = handOffSite;
    this.storeNames = List.copyOf(storeNames);
    this.threadName = threadName;
    this.stack = List.of(stack);
  }
}

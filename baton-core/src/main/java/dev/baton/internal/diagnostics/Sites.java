package dev.baton.internal.diagnostics;

import dev.baton.AsyncLocalStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Where in the application something happens: stack frames outside Baton and the JDK. */
final class Sites {

  private static final StackWalker WALKER =
      StackWalker.getInstance(
          Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_HIDDEN_FRAMES));

  private static final Set<String> API =
      Set.of(
          "dev.baton.AsyncLocalStorage",
          "dev.baton.Snapshot",
          "dev.baton.AsyncResource",
          "dev.baton.AsyncHooks",
          "dev.baton.AsyncHook",
          "dev.baton.ContextExecutors",
          "dev.baton.Diagnostics",
          "dev.baton.AsyncTraces");

  private Sites() {}

  /** The frames of the calling code, Baton's own left out, at most {@code limit} of them. */
  static List<StackWalker.StackFrame> application(int limit) {
    return WALKER.walk(
        frames ->
            frames.filter(frame -> !isBaton(frame.getClassName())).limit(limit).collect(Collectors.toList()));
  }

  /** The first frame of the calling code outside Baton and the JDK, or null when there is none. */
  static StackTraceElement first(List<StackWalker.StackFrame> frames) {
    int first = firstIndex(frames);
    return first < 0 ? null : frames.get(first).toStackTraceElement();
  }

  /** The index of {@link #first}'s frame in {@code frames}, or -1. */
  static int firstIndex(List<StackWalker.StackFrame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      StackWalker.StackFrame frame = frames.get(i);
      if (!isJdk(frame.getClassName()) && !frame.getDeclaringClass().isHidden()) {
        return i;
      }
    }
    return -1;
  }

  /** The innermost frame when it is the JDK's, such as the queue method work went through, or null. */
  static String firstJdkMethod(List<StackWalker.StackFrame> frames) {
    if (frames.isEmpty() || !isJdk(frames.get(0).getClassName())) {
      return null;
    }
    return frames.get(0).getClassName() + "." + frames.get(0).getMethodName();
  }

  static StackTraceElement[] elements(List<StackWalker.StackFrame> frames) {
    StackTraceElement[] elements = new StackTraceElement[frames.size()];
    for (int i = 0; i < elements.length; i++) {
      elements[i] = frames.get(i).toStackTraceElement();
    }
    return elements;
  }

  /** {@code stack} as lines to append to a report, under a heading. */
  static String describe(StackTraceElement[] stack, String what) {
    StringBuilder text = new StringBuilder("\n  ").append(what).append(", innermost first:");
    for (StackTraceElement frame : stack) {
      text.append("\n\tat ").append(frame);
    }
    return text.toString();
  }

  /** The names of the storages that have a store in {@code frame}. */
  static List<String> storeNames(Object[] frame) {
    List<String> names = new ArrayList<>(frame.length / 2);
    for (int i = 0; i < frame.length; i += 2) {
      if (frame[i] != null) {
        String name = ((AsyncLocalStorage<?>) frame[i]).name();
        names.add(name.isEmpty() ? "(unnamed)" : name);
      }
    }
    return names;
  }

  /** Baton's own packages, integrations included: a site is where the application called them. */
  private static final List<String> PACKAGES =
      List.of(
          "dev.baton.internal.",
          "dev.baton.agent.",
          "dev.baton.slf4j.",
          "dev.baton.micrometer.",
          "dev.baton.opentelemetry.",
          "dev.baton.spring.");

  private static boolean isBaton(String className) {
    if (API.contains(className)) {
      return true;
    }
    for (String batonPackage : PACKAGES) {
      if (className.startsWith(batonPackage)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isJdk(String className) {
    return className.startsWith("java.")
        || className.startsWith("jdk.")
        || className.startsWith("sun.")
        || className.startsWith("javax.");
  }
}

package dev.baton.internal;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Where a propagation reports what it left out (a malformed baggage entry, a value a decoder
 * rejected, a header over the limits). A peer can send bad headers on every request: reports of
 * one kind are thinned out as they repeat: the first of each kind always shows, then the 10th,
 * 100th... and at most one a minute between those, each saying how many there were, so that the
 * log shows every kind of problem, and that it still happens, without being flooded by one.
 */
public final class PropagationReports {

  private static final System.Logger LOGGER = System.getLogger("dev.baton.ContextPropagation");

  private final Consumer<String> reporter;
  private static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

  /** Reports to {@code reporter}, or to {@code System.Logger} at warning level when it is null. */
  public PropagationReports(Consumer<String> reporter) {
    this.reporter = reporter;
  }

  /**
   * Reports a problem of {@code kind} (a fixed text, one per kind of problem and carried key),
   * with {@code detail} about this occurrence.
   */
  public void report(String kind, String detail) {
    Kind seen = kinds.computeIfAbsent(kind, k -> new Kind());
    long count = seen.count.incrementAndGet();
    long now = System.nanoTime();
    if (!isPowerOfTen(count) && now - seen.lastShown < QUIET_NANOS) {
      return;
    }
    seen.lastShown = now;
    String message =
        "Baton propagation: "
            + kind
            + ": "
            + detail
            + (count == 1 ? "" : " (" + count + " times so far; reports of this kind are thinned out)");
    try {
      if (reporter != null) {
        reporter.accept(message);
      } else {
        LOGGER.log(Level.WARNING, message);
      }
    } catch (RuntimeException ignored) {
      // A failing reporter must not turn a header left out into a failed request
    }
  }

  private static final class Kind {
    final AtomicLong count = new AtomicLong();
    /** When a report of this kind was last shown; written racily, as a late one only adds a line. */
    volatile long lastShown = System.nanoTime();
  }

  private static boolean isPowerOfTen(long count) {
    while (count >= 10 && count % 10 == 0) {
      count /= 10;
    }
    return count == 1;
  }
}

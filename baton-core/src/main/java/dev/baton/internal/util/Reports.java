package dev.baton.internal.util;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Where Baton reports what went wrong inside it: the application's call went on, and this says
 * what it went on without. Something can go wrong on every call of a hot path: reports of one kind
 * are thinned out as they repeat. The first of each kind always shows, then the 10th, 100th... and
 * at most one a minute between those, each saying how many there were, so that the log shows every
 * kind of problem, and that it still happens, without being flooded by one.
 */
public class Reports {

  /** Baton's own failures, through {@code System.Logger} "dev.baton". */
  public static final Reports BATON = new Reports("dev.baton", null, "baton: ");

  private static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** Kinds told apart at most; past them, one kind for the rest, as kinds may name classes. */
  private static final int MAX_KINDS = 1024;

  private final System.Logger logger;
  private final Consumer<String> reporter;
  private final String prefix;
  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

  /**
   * Reports to {@code reporter}, or to the {@code System.Logger} named {@code loggerName} at
   * warning level when it is null, each report starting with {@code prefix}.
   */
  protected Reports(String loggerName, Consumer<String> reporter, String prefix) {
    this.logger = System.getLogger(loggerName);
    this.reporter = reporter;
    this.prefix = prefix;
  }

  /**
   * Reports a problem of {@code kind} (a fixed text, one per kind of problem), with {@code detail}
   * about this occurrence.
   */
  public void report(String kind, String detail) {
    Kind seen = kinds.get(kind);
    if (seen == null) {
      seen = kinds.size() < MAX_KINDS ? kinds.computeIfAbsent(kind, k -> new Kind()) : kinds.computeIfAbsent("", k -> new Kind());
    }
    long count = seen.count.incrementAndGet();
    long now = System.nanoTime();
    if (!isPowerOfTen(count) && now - seen.lastShown < QUIET_NANOS) {
      return;
    }
    seen.lastShown = now;
    String message =
        prefix + kind + ": " + detail
            + (count == 1 ? "" : " (" + count + " times so far; reports of this kind are thinned out)");
    try {
      if (reporter != null) {
        reporter.accept(message);
      } else {
        logger.log(Level.WARNING, message);
      }
    } catch (RuntimeException | LinkageError ignored) {
      // A failing reporter must not turn what Baton left out into a failed call
    }
  }

  /** Forgets the reports made, so that the next of each kind shows again; for tests. */
  public void forget() {
    kinds.clear();
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

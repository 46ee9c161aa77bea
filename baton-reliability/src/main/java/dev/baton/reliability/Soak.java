package dev.baton.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;

/**
 * The soak: {@link HopServer} under a steady in-JVM {@link HttpLoad} for a given time, with a line
 * of figures every interval (requests, rate, mix-ups, errors, heap after a full collection, live
 * threads). Exits with status 1 if any request was mixed up or failed, or if the heap after
 * collection grew by more than a quarter between the first and the last interval.
 *
 * <pre>
 * java -javaagent:baton-agent/target/baton-agent.jar -Xmx256m \
 *     -cp baton-reliability/target/classes dev.baton.reliability.Soak --minutes 30
 * </pre>
 *
 * Options: {@code --minutes N} (default 10), {@code --report-seconds N} (default 30), {@code
 * --concurrency N} (default 64).
 */
public final class Soak {

  private Soak() {}

  /**
   * Runs the soak.
   *
   * @param args the options above
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    long minutes = option(args, "--minutes", 10);
    long reportSeconds = option(args, "--report-seconds", 30);
    int concurrency = (int) option(args, "--concurrency", 64);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long end = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
    System.out.printf(
        "soak: %d min, a line every %d s, %d requests in flight, last hop %s, JDK %s%n",
        minutes,
        reportSeconds,
        concurrency,
        HopServer.usesVirtualThreads() ? "a virtual thread" : "the common pool",
        Runtime.version());
    System.out.println("   minute   requests      req/s  mix-ups  errors  heap after GC (MB)  threads");
    long firstHeap = -1;
    long lastHeap = -1;
    try (HopServer server = HopServer.start(0)) {
      HttpLoad load = new HttpLoad(server.port(), concurrency);
      long started = System.nanoTime();
      long previousServed = 0;
      long previousAt = started;
      while (System.nanoTime() < end) {
        long intervalEnd = Math.min(end, System.nanoTime() + Duration.ofSeconds(reportSeconds).toNanos());
        load.run(n -> System.nanoTime() < intervalEnd);
        System.gc();
        long heap = memory.getHeapMemoryUsage().getUsed();
        if (firstHeap < 0) {
          firstHeap = heap;
        }
        lastHeap = heap;
        HopServer.Stats stats = server.stats();
        long now = System.nanoTime();
        System.out.printf(
            Locale.ROOT,
            "%9.1f %10d %10.0f %8d %7d %19.1f %8d%n",
            (now - started) / 60e9,
            stats.served,
            (stats.served - previousServed) / ((now - previousAt) / 1e9),
            stats.mixUps + load.wrongEcho() + load.clientMixUps(),
            stats.errors + stats.unsent + load.errors(),
            heap / 1e6,
            Thread.activeCount());
        previousServed = stats.served;
        previousAt = now;
      }
      HopServer.Stats stats = server.stats();
      boolean mixedUp = stats.mixUps + load.wrongEcho() + load.clientMixUps() > 0;
      boolean failed = stats.errors + stats.unsent + load.errors() > 0;
      boolean grew = lastHeap > firstHeap * 1.25;
      System.out.printf(
          "soak: %s; server %s; client %s; heap after GC %.1f MB -> %.1f MB%n",
          mixedUp || failed || grew ? "FAILED" : "passed", stats, load, firstHeap / 1e6, lastHeap / 1e6);
      if (mixedUp || failed || grew) {
        System.exit(1);
      }
    }
    System.exit(0); // the HTTP clients' threads would keep the JVM alive
  }

  private static long option(String[] args, String name, long defaultValue) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Long.parseLong(args[i + 1]);
      }
    }
    return defaultValue;
  }
}

package dev.baton;

import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits, within a bound, for the garbage collector to do something observable. */
final class GcSupport {

  private GcSupport() {}

  static boolean collectedWithin(WeakReference<?> reference, long timeout, TimeUnit unit)
      throws InterruptedException {
    return collectUntil(() -> reference.get() == null, timeout, unit);
  }

  /** Asks for collections until {@code condition} holds or the time is up. */
  static boolean collectUntil(BooleanSupplier condition, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      System.gc();
      // Not synchronisation: the collector offers no event to wait on; this only paces requests.
      Thread.sleep(10);
    }
    return true;
  }
}

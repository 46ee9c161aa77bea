package dev.baton.internal;

import java.lang.ref.WeakReference;

/** Waits, within a bound, for the garbage collector to clear a reference. */
public final class GcTesting {

  private GcTesting() {}

  public static boolean collectedWithin(WeakReference<?> reference, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (reference.get() != null) {
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

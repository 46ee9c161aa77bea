package dev.baton.internal.state;

import java.util.BitSet;

/**
 * The slot of each {@code AsyncLocalStorage} in a {@link Frame}: the lowest free one when it is
 * created, free again once it is collected (no frame can still hold it then, as a frame holding a
 * storage keeps it alive), so that frames are as small as the storages alive.
 */
public final class Slots {

  private static final BitSet USED = new BitSet(); // guarded by Slots.class

  private Slots() {}

  /** Gives {@code storage} a slot of its own; returns the index of its key in a frame. */
  public static int acquire(Object storage) {
    int slot;
    synchronized (Slots.class) {
      slot = USED.nextClearBit(0);
      USED.set(slot);
    }
    Cleaners.CLEANER.register(storage, new Release(slot));
    return 2 * slot;
  }

  private static synchronized void release(int slot) {
    USED.clear(slot);
  }

  /** Frees a slot; refers to nothing but its number, so that its storage can be collected. */
  private static final class Release implements Runnable {
    private final int slot;

    Release(int slot) {
      this.slot = slot;
    }

    @Override
    public void run() {
      release(slot);
    }
  }
}

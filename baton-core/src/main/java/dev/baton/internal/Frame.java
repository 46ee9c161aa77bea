package dev.baton.internal;

import java.util.Arrays;

/**
 * Operations on a context frame: the immutable map from each {@code AsyncLocalStorage} to its
 * store that makes up one async context.
 *
 * <p>A frame is a plain {@code Object[]} of alternating keys and stores ({@code [k0, s0, k1, s1,
 * ...]}), compared by key identity, and is never modified once published. Keeping it a bare array
 * rather than an object holding one saves a dependent load on every {@code getStore()} and makes
 * deriving a frame a single allocation. Applications hold a handful of storages, so a linear scan
 * beats hashing; stores are never null, so a null result means "absent".
 */
public final class Frame {

  /** The context with no stores. */
  public static final Object[] EMPTY = new Object[0];

  private Frame() {}

  /**
   * Returns the store of {@code key} in {@code frame}, or null when it has none. Storages entered
   * last are appended last and are the ones code reads most (the request inside the tenant inside
   * the trace), so the scan starts from the end.
   */
  public static Object get(Object[] frame, Object key) {
    for (int i = frame.length - 2; i >= 0; i -= 2) {
      if (frame[i] == key) {
        return frame[i + 1];
      }
    }
    return null;
  }

  /** Returns a frame equal to {@code frame} but with {@code store} for {@code key}. */
  public static Object[] with(Object[] frame, Object key, Object store) {
    int n = frame.length;
    for (int i = 0; i < n; i += 2) {
      if (frame[i] == key) {
        if (frame[i + 1] == store) {
          return frame;
        }
        Object[] copy = frame.clone();
        copy[i + 1] = store;
        return copy;
      }
    }
    Object[] grown = Arrays.copyOf(frame, n + 2);
    grown[n] = key;
    grown[n + 1] = store;
    return grown;
  }

  /** Returns a frame equal to {@code frame} but with no store for {@code key}. */
  public static Object[] without(Object[] frame, Object key) {
    int n = frame.length;
    for (int i = 0; i < n; i += 2) {
      if (frame[i] == key) {
        if (n == 2) {
          return EMPTY;
        }
        Object[] shrunk = new Object[n - 2];
        System.arraycopy(frame, 0, shrunk, 0, i);
        System.arraycopy(frame, i + 2, shrunk, i, n - i - 2);
        return shrunk;
      }
    }
    return frame;
  }

  /**
   * Returns {@code captured} with the changes that turned {@code before} into {@code after}: the
   * stores {@code after} has that {@code before} did not (or had others for), and without those
   * {@code after} lost. This is how a context a wrapper sets explicitly around a task keeps winning
   * when Baton enters the task's own context inside the wrapper.
   */
  public static Object[] rebase(Object[] captured, Object[] before, Object[] after) {
    Object[] rebased = captured;
    for (int i = 0; i < after.length; i += 2) {
      if (get(before, after[i]) != after[i + 1]) {
        rebased = with(rebased, after[i], after[i + 1]);
      }
    }
    for (int i = 0; i < before.length; i += 2) {
      if (get(after, before[i]) == null) {
        rebased = without(rebased, before[i]);
      }
    }
    return rebased;
  }
}

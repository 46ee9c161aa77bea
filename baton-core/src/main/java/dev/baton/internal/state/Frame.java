package dev.baton.internal.state;

import java.util.Arrays;

/**
 * Operations on a context frame: the immutable map from each {@code AsyncLocalStorage} to its
 * store that makes up one async context.
 *
 * <p>A frame is a plain {@code Object[]} laid out by slot: every storage has a small slot of its
 * own ({@link Slots}), and its key and store sit at {@code [2 × slot]} and {@code [2 × slot + 1]},
 * with nulls where a storage has no store. Reading a store is then one bounds check and one load,
 * whatever the number of storages and whichever was entered first. A frame is as long as its
 * highest slot needs and no longer (the empty context is {@link #EMPTY}), and is never modified
 * once published. Keeping it a bare array rather than an object holding one saves a dependent load
 * on every {@code getStore()} and makes deriving a frame a single allocation. Stores are never
 * null, so a null result means "absent".
 */
public final class Frame {

  /** The context with no stores. */
  public static final Object[] EMPTY = new Object[0];

  private Frame() {}

  /** Returns the store of {@code key}, whose slot's index is {@code index}, or null. */
  public static Object get(Object[] frame, Object key, int index) {
    return index < frame.length && frame[index] == key ? frame[index + 1] : null;
  }

  /** Returns a frame equal to {@code frame} but with {@code store} for {@code key}. */
  public static Object[] with(Object[] frame, Object key, int index, Object store) {
    Object[] copy;
    if (index < frame.length) {
      if (frame[index] == key && frame[index + 1] == store) {
        return frame;
      }
      copy = frame.clone();
    } else {
      copy = Arrays.copyOf(frame, index + 2);
    }
    copy[index] = key;
    copy[index + 1] = store;
    return copy;
  }

  /** Returns a frame equal to {@code frame} but with no store for {@code key}. */
  public static Object[] without(Object[] frame, Object key, int index) {
    if (index >= frame.length || frame[index] != key) {
      return frame;
    }
    int length = frame.length;
    if (index == length - 2) {
      // The highest slot: the frame ends at the highest slot still holding a store
      do {
        length -= 2;
      } while (length > 0 && frame[length - 2] == null);
      return length == 0 ? EMPTY : Arrays.copyOf(frame, length);
    }
    Object[] copy = frame.clone();
    copy[index] = null;
    copy[index + 1] = null;
    return copy;
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
      Object key = after[i];
      if (key != null && get(before, key, i) != after[i + 1]) {
        rebased = with(rebased, key, i, after[i + 1]);
      }
    }
    for (int i = 0; i < before.length; i += 2) {
      Object key = before[i];
      if (key != null && get(after, key, i) == null) {
        rebased = without(rebased, key, i);
      }
    }
    return rebased;
  }
}

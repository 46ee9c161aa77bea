package dev.baton.internal.state;

import dev.baton.internal.util.OwnThread;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A concurrent map from objects, compared by identity and held weakly, to values held strongly:
 * where Baton attaches a captured context to a task object it cannot add a field to. An entry goes
 * away when it is removed or, promptly, when its key is collected: a daemon thread unlinks
 * collected entries as the collector reports them, so that their values (captured contexts and
 * their stores) are not held until the table is next written.
 *
 * <p>Lock-striped chained hash tables. Reads, and removals that find nothing, take no lock and
 * allocate nothing: chains are unlinked in place through volatile links, and a resize publishes
 * copies while readers still on the old table keep walking its intact chains. Values must not
 * refer to their key, or the key would never be collected.
 */
public final class WeakIdentityTable {

  private static final int STRIPES = 64; // a power of two
  private static final int STRIPE_BITS = 6;

  private final Stripe[] stripes = new Stripe[STRIPES];

  /** Creates an empty table. */
  public WeakIdentityTable() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  private static int hash(Object key) {
    int h = System.identityHashCode(key);
    return h ^ (h >>> 16);
  }

  private Stripe stripeFor(int hash) {
    return stripes[hash & (STRIPES - 1)];
  }

  /** The value for {@code key}, or null. */
  public Object get(Object key) {
    int hash = hash(key);
    return stripeFor(hash).get(key, hash);
  }

  /** Sets the value for {@code key}, replacing any. */
  public void put(Object key, Object value) {
    int hash = hash(key);
    stripeFor(hash).put(key, hash, value, true);
  }

  /** Sets the value for {@code key} unless it has one; returns whether it was set. */
  public boolean putIfAbsent(Object key, Object value) {
    int hash = hash(key);
    return stripeFor(hash).put(key, hash, value, false);
  }

  /**
   * Sets the value for {@code key} to {@code replacement} if it is {@code expected}, null meaning
   * no entry on either side; returns whether it did.
   */
  public boolean compareAndSet(Object key, Object expected, Object replacement) {
    int hash = hash(key);
    Stripe stripe = stripeFor(hash);
    if (expected == null && replacement == null) {
      return stripe.get(key, hash) == null;
    }
    return stripe.compareAndSet(key, hash, expected, replacement);
  }

  /** Removes the entry of {@code key} and returns its value, or null if it had none. */
  public Object remove(Object key) {
    int hash = hash(key);
    return stripeFor(hash).remove(key, hash);
  }

  /** The number of entries, counting those whose key was collected but not yet unlinked. */
  public int size() {
    int size = 0;
    for (Stripe stripe : stripes) {
      size += stripe.size();
    }
    return size;
  }

  private static final class Entry extends WeakReference<Object> {
    final int hash;
    final Stripe stripe;
    volatile Object value;
    volatile Entry next;

    Entry(Object key, int hash, Object value, Entry next, Stripe stripe) {
      super(key, Purger.COLLECTED);
      this.hash = hash;
      this.stripe = stripe;
      this.value = value;
      this.next = next;
    }
  }

  /** Unlinks the entries of every table whose keys were collected, as soon as they are. */
  private static final class Purger implements Runnable {
    static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    static {
      // The purger is Baton's own thread: it must not run in whatever context first used a table
      new OwnThread(new Purger(), "baton-weak-table-purger").start();
    }

    @Override
    public void run() {
      while (true) {
        try {
          Entry dead = (Entry) COLLECTED.remove();
          dead.stripe.unlinkCollected(dead);
        } catch (InterruptedException e) {
          // a daemon that serves every table: keep serving
        }
      }
    }
  }

  private static final class Stripe {
    private volatile AtomicReferenceArray<Entry> buckets = new AtomicReferenceArray<>(8);
    private int size; // guarded by this

    private static int indexFor(int hash, int length) {
      return (hash >>> STRIPE_BITS) & (length - 1);
    }

    Object get(Object key, int hash) {
      AtomicReferenceArray<Entry> table = buckets;
      for (Entry e = table.get(indexFor(hash, table.length())); e != null; e = e.next) {
        if (e.hash == hash && e.get() == key) {
          return e.value;
        }
      }
      return null;
    }

    synchronized boolean put(Object key, int hash, Object value, boolean replace) {
      AtomicReferenceArray<Entry> table = buckets;
      int index = indexFor(hash, table.length());
      for (Entry e = table.get(index); e != null; e = e.next) {
        if (e.hash == hash && e.get() == key) {
          if (replace) {
            e.value = value;
          }
          return replace;
        }
      }
      table.set(index, new Entry(key, hash, value, table.get(index), this));
      if (++size > table.length()) {
        resize(table);
      }
      return true;
    }

    synchronized boolean compareAndSet(Object key, int hash, Object expected, Object replacement) {
      Entry e = find(hash, key);
      Object current = e == null ? null : e.value;
      if (current != expected) {
        return false;
      }
      if (replacement == null) {
        unlink(e);
        e.value = null;
        e.clear();
      } else if (e != null) {
        e.value = replacement;
      } else {
        put(key, hash, replacement, false);
      }
      return true;
    }

    Object remove(Object key, int hash) {
      // Most lookups miss (a task run that nothing was attached to): they take no lock. A miss
      // cannot race with the put it would have seen, which happens before the task is handed over.
      if (get(key, hash) == null) {
        return null;
      }
      return removeLocked(key, hash);
    }

    private synchronized Object removeLocked(Object key, int hash) {
      Entry e = find(hash, key);
      if (e == null) {
        return null;
      }
      unlink(e);
      Object value = e.value;
      e.value = null;
      e.clear(); // a cleared reference is never enqueued: no work left for the purger
      return value;
    }

    synchronized int size() {
      return size;
    }

    private Entry find(int hash, Object key) {
      AtomicReferenceArray<Entry> table = buckets;
      for (Entry e = table.get(indexFor(hash, table.length())); e != null; e = e.next) {
        if (e.hash == hash && e.get() == key) {
          return e;
        }
      }
      return null;
    }

    /** Drops an entry whose key was collected, so that its value can be collected too. */
    synchronized void unlinkCollected(Entry dead) {
      if (unlink(dead)) {
        dead.value = null;
      }
    }

    /** Unlinks {@code target} from the current table; false if it is not there (a stale copy). */
    private boolean unlink(Entry target) {
      AtomicReferenceArray<Entry> table = buckets;
      int index = indexFor(target.hash, table.length());
      Entry head = table.get(index);
      if (head == target) {
        table.set(index, target.next);
        size--;
        return true;
      }
      for (Entry previous = head; previous != null; previous = previous.next) {
        if (previous.next == target) {
          previous.next = target.next;
          size--;
          return true;
        }
      }
      return false;
    }

    private void resize(AtomicReferenceArray<Entry> old) {
      AtomicReferenceArray<Entry> grown = new AtomicReferenceArray<>(old.length() * 2);
      int live = 0;
      for (int i = 0; i < old.length(); i++) {
        for (Entry e = old.get(i); e != null; e = e.next) {
          Object key = e.get();
          if (key != null) {
            int index = indexFor(e.hash, grown.length());
            grown.set(index, new Entry(key, e.hash, e.value, grown.get(index), this));
            live++;
          }
        }
      }
      size = live;
      buckets = grown;
    }
  }
}

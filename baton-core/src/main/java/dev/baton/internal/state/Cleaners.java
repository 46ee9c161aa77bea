package dev.baton.internal.state;

import dev.baton.internal.util.OwnThread;
import java.lang.ref.Cleaner;

/** Baton's one cleaner, started when first needed, on a thread of Baton's own. */
public final class Cleaners {

  /**
   * Runs Baton's actions after collection: storages' slots freed, async resources destroyed. Its
   * thread starts in no one's context, whoever triggered its creation.
   */
  public static final Cleaner CLEANER = Cleaner.create(task -> new OwnThread(task, "baton-cleaner"));

  private Cleaners() {}
}

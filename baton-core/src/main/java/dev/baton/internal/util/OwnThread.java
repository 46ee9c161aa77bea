package dev.baton.internal.util;

/**
 * A thread of Baton's own (the cleaner, the weak tables' purger), a daemon: it starts in no one's
 * context, whoever happened to cause its creation, and keeps no request's stores alive.
 */
public final class OwnThread extends Thread {

  public OwnThread(Runnable task, String name) {
    super(task, name);
    setDaemon(true);
  }
}

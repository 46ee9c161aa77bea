package dev.baton.internal.state;

/**
 * Which {@code dev.baton.Scope}s are open on a thread, to tell a scope closed in order from one
 * closed while a later one is still open, and from one a snapshot's scope already ended. Each
 * thread counts its open scopes and numbers every scope it opens; a scope is still open when the
 * number noted for its depth is its own. Nothing here holds a context: a scope left open only
 * leaves the count higher, so a pooled thread keeps nothing of the task that left it.
 */
public final class Scopes {

  /** The scope is the innermost open one: it may close. */
  public static final int INNERMOST = 0;

  /** Scopes opened after it are still open. */
  public static final int BELOW_OPEN_SCOPES = 1;

  /** A snapshot's scope opened before it ended it. */
  public static final int ENDED = 2;

  /** Depths beyond this share their slot: past it, a scope is only told apart by its number. */
  private static final int DEPTHS = 64;

  private Scopes() {}

  /** Opens a scope on {@code thread}: returns its id; its depth is then {@link #depth}. */
  public static long open(ThreadState thread) {
    long[] ids = thread.openScopeIds;
    if (ids == null) {
      ids = thread.openScopeIds = new long[DEPTHS];
    }
    long id = ++thread.scopesOpened;
    ids[++thread.openScopes & (DEPTHS - 1)] = id;
    return id;
  }

  /** How many scopes are open on {@code thread}. */
  public static int depth(ThreadState thread) {
    return thread.openScopes;
  }

  /** Where the scope {@code id}, opened at {@code depth}, stands on {@code thread}. */
  public static int state(ThreadState thread, int depth, long id) {
    int open = thread.openScopes;
    if (open < depth || thread.openScopeIds[depth & (DEPTHS - 1)] != id) {
      return ENDED;
    }
    return open == depth ? INNERMOST : BELOW_OPEN_SCOPES;
  }

  /** Closes the scope at {@code depth} and every scope opened after it on {@code thread}. */
  public static void close(ThreadState thread, int depth) {
    thread.openScopes = depth - 1;
  }
}

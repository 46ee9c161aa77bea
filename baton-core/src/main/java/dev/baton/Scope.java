package dev.baton;

import dev.baton.internal.diagnostics.Diagnosis;
import dev.baton.internal.state.Scopes;
import dev.baton.internal.state.ThreadState;
import dev.baton.internal.util.Reports;

/**
 * A context entered until it is closed: what {@link AsyncLocalStorage#enter} and {@link
 * Snapshot#enter} return, for try-with-resources where a callback does not fit (an interceptor
 * that sets before and restores after, a framework's begin and end hooks). {@code run} is the same
 * with a callback, and cannot forget to close.
 *
 * <pre>{@code
 * try (Scope ignored = REQUEST_ID.enter(request.id())) {
 *   handler.handle(request);   // REQUEST_ID.getStore() is the id, here and in work handed over
 * }                            // the context before it is back
 * }</pre>
 *
 * <p>Closing a scope ends what it entered, as the end of a {@code run} does: a storage's scope
 * gives that storage back the store it had before (what the code inside did to other storages
 * stays, as with OpenTelemetry's scopes and the MDC); a snapshot's scope gives the thread back its
 * whole context from before. An {@code enterWith} inside the scope ends with it.
 *
 * <p>Close a scope once, on the thread that opened it, innermost first. A scope closed twice, on
 * another thread, or (a storage's scope) while a scope opened after it on that thread is still
 * open changes nothing: the misuse is reported through {@code System.Logger} "dev.baton" (thinned
 * out as it repeats), and in strict mode ({@link Diagnostics#strictMode}) {@code close()} throws
 * {@link IllegalStateException} instead. A snapshot's scope is a boundary, as the end of a {@code
 * run} is: closed while scopes opened inside it are still open, it gives the thread back its
 * context all the same, ends them (closing them later changes nothing), and reports those left
 * open (strict mode throws once the context is back). A scope left open elsewhere is not
 * reported; the propagated task or the {@code run} around it gives the thread its context back
 * when it ends.
 */
public final class Scope implements AutoCloseable {

  private final ThreadState thread;
  private final Thread owner;
  private final Object[] before;
  private final Object[] entered;
  /** The storage whose store the scope entered, or null for a whole snapshot. */
  private final AsyncLocalStorage<?> storage;
  private final long id;
  private final int depth;
  private boolean closed;

  Scope(ThreadState thread, Object[] entered, AsyncLocalStorage<?> storage) {
    this.thread = thread;
    this.owner = Thread.currentThread();
    this.before = thread.frame();
    this.entered = entered;
    this.storage = storage;
    this.id = Scopes.open(thread);
    this.depth = Scopes.depth(thread);
    thread.enter(entered);
  }

  /**
   * Ends the scope: the context it entered is no longer current on this thread.
   *
   * @throws IllegalStateException in strict mode only, when the scope was already closed, is closed
   *     on another thread than the one that opened it, or a scope opened after it is still open
   */
  @Override
  public void close() {
    // The common case first, kept small so that the JIT inlines it where scopes are hot; the
    // misuses are worked out apart, from the scope's fields rather than the scope
    if (!closed && Thread.currentThread() == owner && Scopes.state(thread, depth, id) == Scopes.INNERMOST) {
      end();
      return;
    }
    int outcome = misuse(owner, closed, Scopes.state(thread, depth, id), storage == null);
    if (outcome == ENDED_ALREADY) {
      closed = true;
    } else if (outcome == END_LEFT_OPEN) {
      end();
      misused(
          "a scope opened inside a snapshot's scope was left open",
          onThisThread() + "; the snapshot's scope ended it as it closed");
    }
  }

  private void end() {
    closed = true;
    Scopes.close(thread, depth);
    Object[] now = thread.frame();
    thread.enter(now == entered || storage == null ? before : storage.storeOf(before, now));
  }

  private static final int CHANGES_NOTHING = 0;
  private static final int ENDED_ALREADY = 1;
  private static final int END_LEFT_OPEN = 2;

  /** What closing a scope that is not the innermost open one does; reports the misuses. */
  private static int misuse(Thread owner, boolean closed, int state, boolean snapshot) {
    if (Thread.currentThread() != owner) {
      misused(
          "a scope was closed on another thread than the one that opened it",
          onThisThread() + ", opened on \"" + owner.getName() + "\"");
      return CHANGES_NOTHING;
    }
    if (closed) {
      misused("a scope was closed twice", onThisThread());
      return CHANGES_NOTHING;
    }
    if (state == Scopes.ENDED) {
      return ENDED_ALREADY; // a snapshot's scope opened before it ended it, and said so
    }
    if (!snapshot) {
      misused("a scope was closed while a scope opened after it was still open", onThisThread() + "; close the innermost first");
      return CHANGES_NOTHING;
    }
    return END_LEFT_OPEN;
  }

  private static String onThisThread() {
    return "on thread \"" + Thread.currentThread().getName() + "\"";
  }

  private static void misused(String kind, String detail) {
    if (Diagnosis.isStrict()) {
      throw new IllegalStateException(kind + " (" + detail + "); it changed nothing");
    }
    Reports.BATON.report(kind, detail + "; it changed nothing");
  }

  @Override
  public String toString() {
    return "Scope[" + (storage == null ? "snapshot" : storage.name()) + (closed ? ", closed]" : "]");
  }
}

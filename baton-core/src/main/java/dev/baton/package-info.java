/**
 * Baton: Node.js's async context tracking for the JVM.
 *
 * <ul>
 *   <li>{@link dev.baton.AsyncLocalStorage}: a value that follows the work (a request id, a
 *       tenant, a transaction) across threads, pools and callbacks.
 *   <li>{@link dev.baton.Snapshot}: the whole current context, captured at once, to run code in
 *       later.
 *   <li>{@link dev.baton.AsyncResource}: for library authors, so that callbacks run in the context
 *       of the code that asked for the work, with async-hook life-cycle events.
 *   <li>{@link dev.baton.AsyncHooks} and {@link dev.baton.AsyncHook}: execution ids and life-cycle
 *       events.
 *   <li>{@link dev.baton.ContextExecutors}: executors and thread factories that propagate the
 *       context without the agent.
 * </ul>
 *
 * <p>All types are thread-safe. Null arguments are rejected with a {@link NullPointerException}
 * naming the argument.
 */
package dev.baton;

/**
 * Baton's implementation. <strong>Not a public API</strong>: anything here may change or disappear
 * in any release without notice. Applications and libraries use {@link dev.baton} only.
 *
 * <p>Its packages depend on each other one way, each only on those listed before it:
 *
 * <ol>
 *   <li>{@code util}: what every part uses and that knows none of them (the reporter, the
 *       test-only fault switch, Baton's own threads);
 *   <li>{@code state}: what is current on each thread (the context frame, the executing resource,
 *       scopes), the hooks to tell, and the weak tables that keep state on others' objects;
 *   <li>{@code diagnostics}: context-loss detection, strict mode and async stack traces;
 *   <li>{@code tasks}: a context captured to run later, entered and left around a task, and the
 *       wrappers that carry one without the agent;
 *   <li>{@code handoff}: what the agent calls at each boundary: submissions, runs, attachments to
 *       tasks, future listeners;
 *   <li>{@code propagation}, beside them, on {@code util} only: the W3C baggage codec.
 * </ol>
 *
 * <p>The public package sits on top. The implementation refers to public types only as values it
 * holds or calls back ({@code AsyncLocalStorage} as a frame's key, {@code AsyncHook.Callbacks}, a
 * task's {@code AsyncResource}), never to the public classes' behaviour.
 */
package dev.baton.internal;

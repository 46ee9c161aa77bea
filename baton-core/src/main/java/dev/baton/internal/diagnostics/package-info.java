/**
 * Context-loss detection, strict mode and async stack traces: off by default and then free,
 * their per-thread state apart from the thread's context, their findings handed to {@code
 * dev.baton.Diagnostics}.
 *
 * <p>Not a public API: see {@link dev.baton.internal}.
 */
package dev.baton.internal.diagnostics;

/**
 * A context captured to run later (its frame, and a resource when hooks are on or a hop when
 * traces are), entered and left around a task; and the wrappers that carry one where the agent
 * is absent.
 *
 * <p>Not a public API: see {@link dev.baton.internal}.
 */
package dev.baton.internal.tasks;

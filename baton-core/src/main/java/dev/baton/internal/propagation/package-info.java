/**
 * The W3C baggage codec behind {@code dev.baton.ContextPropagation}: parsing, limits and what
 * a context arrived with.
 *
 * <p>Not a public API: see {@link dev.baton.internal}.
 */
package dev.baton.internal.propagation;

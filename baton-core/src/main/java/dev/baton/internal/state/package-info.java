/**
 * What is current on each thread: the context frame and its slots, the executing resource, open
 * scopes, the hop of an async stack trace; the registry of enabled hooks; the weak identity
 * tables and the cleaner that keep Baton's state on other objects without keeping those alive.
 *
 * <p>Not a public API: see {@link dev.baton.internal}.
 */
package dev.baton.internal.state;

/**
 * What every part of Baton uses and that knows none of them: the throttled reporter, the
 * test-only fault switch, the class of Baton's own threads.
 *
 * <p>Not a public API: see {@link dev.baton.internal}.
 */
package dev.baton.internal.util;

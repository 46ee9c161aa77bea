/**
 * Baton's implementation. <strong>Not a public API</strong>: anything here may change or disappear
 * in any release without notice. Applications and libraries use {@link dev.baton} only.
 */
package dev.baton.internal;

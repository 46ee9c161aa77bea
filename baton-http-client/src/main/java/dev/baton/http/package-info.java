/**
 * Baton for HTTP clients: {@link dev.baton.http.ContextHttpClient} sends the caller's carried
 * stores with every request of the JDK's client and completes its futures in the caller's context.
 */
package dev.baton.http;

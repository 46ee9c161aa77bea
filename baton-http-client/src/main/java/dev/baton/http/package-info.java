/**
 * Baton for HTTP clients: each sends the caller's carried stores with every request and calls
 * back in the caller's context. {@link dev.baton.http.ContextHttpClient} for the JDK's client,
 * {@link dev.baton.http.ApacheContextInterceptor} for Apache HttpClient 5, {@link
 * dev.baton.http.ContextOkHttpClient} and {@link dev.baton.http.OkHttpContextInterceptor} for
 * OkHttp 5.
 */
package dev.baton.http;

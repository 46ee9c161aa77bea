/**
 * Baton for OpenTelemetry: {@link dev.baton.opentelemetry.BatonContextStorageProvider} keeps
 * OpenTelemetry's context in Baton's, and {@link dev.baton.opentelemetry.TraceContextExtension}
 * adds the W3C trace context and OpenTelemetry's baggage to the headers of Baton's {@link
 * dev.baton.ContextPropagation}.
 */
package dev.baton.opentelemetry;

/**
 * Baton for OpenTelemetry: {@link dev.baton.opentelemetry.BatonContextStorageProvider} keeps
 * OpenTelemetry's context in Baton's, and {@link dev.baton.opentelemetry.BaggagePropagation}
 * carries chosen stores to other processes in W3C baggage.
 */
package dev.baton.opentelemetry;

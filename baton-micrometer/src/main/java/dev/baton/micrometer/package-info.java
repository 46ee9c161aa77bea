/**
 * Baton for Micrometer context-propagation and Reactor: {@link
 * dev.baton.micrometer.BatonThreadLocalAccessor}, found through {@code ServiceLoader}.
 */
package dev.baton.micrometer;

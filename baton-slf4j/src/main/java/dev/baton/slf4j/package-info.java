/**
 * Baton for SLF4J users: an MDC that follows the async flow ({@link
 * dev.baton.slf4j.BatonServiceProvider}, selected with {@code -Dslf4j.provider}) and, in {@code
 * dev.baton.slf4j.logback}, a Logback converter that prints named stores.
 */
package dev.baton.slf4j;

/**
 * Baton for Log4j 2 users: Baton's named stores in every event's context data ({@link
 * dev.baton.log4j.BatonContextDataProvider}, found by Log4j on the class path), and a {@code
 * ThreadContext} map that follows the async flow ({@link dev.baton.log4j.BatonThreadContextMap},
 * selected with {@code log4j2.threadContextMap}).
 */
package dev.baton.log4j;

/**
 * Two Spring Boot services, a shop and a stock service: the request id the shop gives each request
 * is on every log line of both, with no code of Baton's in either ({@link
 * dev.baton.examples.spring.TwoServices}).
 */
package dev.baton.examples.spring;

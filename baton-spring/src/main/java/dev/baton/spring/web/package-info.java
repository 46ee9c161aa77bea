/**
 * HTTP in and out of Spring applications with the caller's stores: {@link
 * dev.baton.spring.web.ContextWebFilter} serves WebFlux requests in the context their headers
 * carry (servlet applications use {@code baton-servlet}'s {@code ContextFilter}), {@link
 * dev.baton.spring.web.ContextClientInterceptor} sends the caller's stores with {@code RestClient}
 * and {@code RestTemplate}, and {@link dev.baton.spring.web.ContextExchangeFilter} with {@code
 * WebClient}, whose responses are then handled in the caller's context. {@link
 * dev.baton.spring.BatonWebAutoConfiguration} installs them all in a Spring Boot application.
 */
package dev.baton.spring.web;

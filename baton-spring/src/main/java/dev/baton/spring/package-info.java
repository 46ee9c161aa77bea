/**
 * Baton for Spring Boot 3 and 4: {@link dev.baton.spring.BatonAutoConfiguration} makes {@code @Async}
 * methods and executor beans run in their caller's context, with {@link
 * dev.baton.spring.BatonTaskDecorator}; {@link dev.baton.spring.BatonWebAutoConfiguration} carries
 * the stores of the application's {@code ContextPropagation} through HTTP, in (servlet and WebFlux
 * filters) and out ({@code RestClient}, {@code RestTemplate}, {@code WebClient}), and {@link
 * dev.baton.spring.BatonPropagationAutoConfiguration} builds that propagation from properties.
 */
package dev.baton.spring;

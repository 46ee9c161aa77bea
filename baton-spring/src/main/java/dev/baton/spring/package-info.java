/**
 * Baton for Spring Boot 3 and 4: {@link dev.baton.spring.BatonAutoConfiguration} makes {@code @Async}
 * methods and executor beans run in their caller's context, with {@link
 * dev.baton.spring.BatonTaskDecorator}.
 */
package dev.baton.spring;

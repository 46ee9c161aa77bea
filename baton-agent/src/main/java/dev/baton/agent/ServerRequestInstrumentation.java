package dev.baton.agent;

import static dev.baton.agent.MethodMatcher.named;
import static dev.baton.agent.MethodMatcher.takesArguments;

/**
 * Where servlet containers start serving a request they have read, or dispatch one again after
 * {@code AsyncContext.dispatch}: each starts in no one's context. A container serves the requests
 * of a kept-alive connection, and their dispatches, one after the other in one task, and that task
 * carries the context of whoever handed it over: after an asynchronous request (a {@code
 * Callable}, a {@code DeferredResult}), the thread that asked for its dispatch. Without this, the
 * next request read on that connection, or its own dispatch run by the same task, would start in
 * the previous request's context, with its stores and its MDC. A request's dispatch runs in the
 * request's context again where a filter puts it back ({@code baton-servlet}'s {@code
 * ContextFilter} does).
 */
final class ServerRequestInstrumentation implements BoundaryInstrumentation {

  @Override
  public Transformations addTo(Transformations transformations) {
    return transformations
        // Tomcat: each request its processor has read, and each asynchronous dispatch
        .type(NamedTypes.named("org.apache.catalina.connector.CoyoteAdapter"))
        .transform(
            MethodHooks.of()
                .hook(named("service").and(takesArguments(2)), new InNoContextAdvice())
                .hook(named("asyncDispatch").and(takesArguments(3)), new InNoContextAdvice()))
        // Jetty 12: each request its connection has read, before the handlers
        .type(NamedTypes.named("org.eclipse.jetty.server.internal.HttpChannelState$HandlerInvoker"))
        .transform(MethodHooks.of().hook(named("run").and(takesArguments(0)), new InNoContextAdvice()))
        // Jetty 12's servlet environments: each request's servlet handling, dispatches included
        .type(NamedTypes.named("org.eclipse.jetty.ee10.servlet.ServletChannel"))
        .transform(MethodHooks.of().hook(named("handle").and(takesArguments(0)), new InNoContextAdvice()))
        .type(NamedTypes.named("org.eclipse.jetty.ee11.servlet.ServletChannel"))
        .transform(MethodHooks.of().hook(named("handle").and(takesArguments(0)), new InNoContextAdvice()));
  }
}

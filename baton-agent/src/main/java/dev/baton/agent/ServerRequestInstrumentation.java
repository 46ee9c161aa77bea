package dev.baton.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Where servlet containers start serving a request they have just read: each request starts in no
 * one's context. A container serves the requests of a kept-alive connection one after the other in
 * one task, and that task carries the context of whoever handed it over: after an asynchronous
 * request (a {@code Callable}, a {@code DeferredResult}), the thread that asked for its dispatch.
 * Without this, the next request read on that connection would start in the previous request's
 * context, with its stores and its MDC. Asynchronous dispatches are left as they are: they belong
 * to the request that asked for them.
 */
final class ServerRequestInstrumentation implements BoundaryInstrumentation {

  @Override
  public AgentBuilder addTo(AgentBuilder agent) {
    return agent
        // Tomcat: each request its processor has read, before the valves and filters
        .type(NamedTypes.named("org.apache.catalina.connector.CoyoteAdapter"))
        .transform(AdviceTransformer.of().advice(named("service").and(takesArguments(2)), InNoContextAdvice.class))
        // Jetty 12: each request its connection has read, before the handlers
        .type(NamedTypes.named("org.eclipse.jetty.server.internal.HttpChannelState$HandlerInvoker"))
        .transform(AdviceTransformer.of().advice(named("run").and(takesArguments(0)), InNoContextAdvice.class));
  }
}

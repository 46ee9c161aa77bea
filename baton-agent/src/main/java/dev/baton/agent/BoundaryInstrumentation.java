package dev.baton.agent;

import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * The instrumentation of one boundary where work changes hands (executors, tasks, fork/join,
 * {@code CompletableFuture}, threads, timers, a library's futures): the types it applies to, each
 * beside what is done to them. {@link Installer} lists them all, in the order they apply.
 */
interface BoundaryInstrumentation {

  /** {@code agent}, with this boundary's types and what is done to them added. */
  AgentBuilder addTo(AgentBuilder agent);
}

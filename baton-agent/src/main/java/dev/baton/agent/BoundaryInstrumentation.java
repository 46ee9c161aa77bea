package dev.baton.agent;

/**
 * The instrumentation of one boundary where work changes hands (executors, tasks, fork/join,
 * {@code CompletableFuture}, threads, timers, a library's futures): the types it applies to, each
 * beside what is done to them. {@link Installer} lists them all, in the order they apply.
 */
interface BoundaryInstrumentation {

  /** {@code transformations}, with this boundary's types and what is done to them added. */
  Transformations addTo(Transformations transformations);
}

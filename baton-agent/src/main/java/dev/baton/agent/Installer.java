package dev.baton.agent;

import dev.baton.internal.handoff.AgentSettings;
import dev.baton.internal.handoff.Handoffs;
import dev.baton.internal.handoff.TaskRuns;
import dev.baton.internal.handoff.LambdaClasses;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Installs the instrumentation of every boundary where work changes hands, listed in {@link
 * #boundaries}. Each is a type matcher beside advice classes that only call into {@code
 * dev.baton.internal} ({@link Handoffs} and {@link TaskRuns} mostly): executor submissions attach the submitter's
 * context to the task; the task's run enters it; dependent stages, forks, thread starts, timers and
 * the listeners of Guava's, Netty's and Vert.x's futures attach at registration.
 */
final class Installer {

  private Installer() {}

  /** Every boundary, in the order its transformations apply to a class that several match. */
  private static List<BoundaryInstrumentation> boundaries(AgentOptions options) {
    return List.of(
        new ExecutorInstrumentation(),
        new TaskInstrumentation(),
        new ForkJoinInstrumentation(),
        new CompletableFutureInstrumentation(),
        new GuavaFutureInstrumentation(),
        new NettyPromiseInstrumentation(),
        new VertxFutureInstrumentation(),
        new ThreadInstrumentation(),
        new TimerInstrumentation(),
        new LibraryInternals(),
        new ServerRequestInstrumentation(),
        new LambdaInstrumentation(options.debug));
  }

  static void install(Instrumentation instrumentation, AgentOptions options) {
    AgentSettings.exclude(options.excludedClasses);
    Transformations transformations = Transformations.none();
    for (BoundaryInstrumentation boundary : boundaries(options)) {
      transformations = boundary.addTo(transformations);
    }
    LoadedCandidates loadedCandidates = new LoadedCandidates();
    AgentTransformer transformer =
        new AgentTransformer(
            transformations,
            new InstrumentationListener(options.debug),
            loadedCandidates,
            instrumentation,
            Handoffs.class.getModule());
    instrumentation.addTransformer(transformer, true);
    loadedCandidates.retransform(instrumentation, transformer, new RetransformationListener());
    LambdaClasses.install(
        (internalName, classFile, host) ->
            transformer.transform(
                host.getModule(),
                host.getClassLoader(),
                internalName,
                null,
                host.getProtectionDomain(),
                classFile));
    AgentSettings.agentInstalled();
  }
}

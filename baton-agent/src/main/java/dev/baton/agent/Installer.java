package dev.baton.agent;

import dev.baton.internal.handoff.AgentSettings;
import dev.baton.internal.handoff.Handoffs;
import dev.baton.internal.handoff.TaskRuns;
import dev.baton.internal.handoff.LambdaClasses;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;

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

  /**
   * The configuration of an instrumentation installed later, when a diagnostic is turned on. Every
   * class loaded before it is offered for retransformation, and those loaded while it retransforms
   * (the JDK loads more of its own on the way) in further rounds instead of being missed.
   */
  static AgentBuilder builder(Instrumentation instrumentation, boolean debug) {
    return new AgentBuilder.Default(byteBuddy())
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
        .with(AgentBuilder.RedefinitionStrategy.Listener.BatchReallocator.splitting())
        .with(new RetransformationListener())
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        // Types whose class files cannot be read (Baton's and other agents' classes appended to
        // the bootstrap class path, classes other agents define) are described by loading them;
        // classes already loaded are described by reflection, with what other agents added
        .with(LoadedTypeFallbackPool.INSTANCE)
        .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
        .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
        .with(new InstrumentationListener(debug))
        .assureReadEdgeTo(instrumentation, Handoffs.class);
  }

  /**
   * Every transformation is a visitor over the class file as it is (advice inlined, members added
   * by ASM): ByteBuddy has nothing to validate, no member of its own to add, and no method graph of
   * the class and its supertypes to compile (reading every supertype's class file, with generics)
   * for each class it rewrites, which was most of what the agent cost after start-up.
   */
  private static ByteBuddy byteBuddy() {
    return new ByteBuddy()
        .with(TypeValidation.DISABLED)
        .with(Implementation.Context.Disabled.Factory.INSTANCE)
        .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
        .with(VisibilityBridgeStrategy.Default.NEVER)
        .with(InstrumentedType.Factory.Default.FROZEN);
  }
}

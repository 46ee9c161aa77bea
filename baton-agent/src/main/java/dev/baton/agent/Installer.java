package dev.baton.agent;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.baton.internal.handoff.AgentSettings;
import dev.baton.internal.handoff.Handoffs;
import dev.baton.internal.handoff.TaskRuns;
import dev.baton.internal.handoff.LambdaClasses;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Installs the instrumentation of every boundary where work changes hands, listed in {@link
 * #boundaries}. Each is a type matcher beside advice classes that only call into {@code
 * dev.baton.internal} ({@link Handoffs} and {@link TaskRuns} mostly): executor submissions attach the submitter's
 * context to the task; the task's run enters it; dependent stages, forks, thread starts, timers and
 * the listeners of Guava's, Netty's and Vert.x's futures attach at registration.
 */
final class Installer {

  private static final String LAMBDA = "$$Lambda";

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
    LoadedCandidates loadedCandidates = new LoadedCandidates();
    AgentBuilder agent =
        builder(instrumentation, options.debug, loadedCandidates)
            .with(loadedCandidates)
            .with(RelevantClasses.INSTANCE)
            // Decided on the name alone, before any class file is parsed: the JDK outside its
            // concurrency classes, the user's exclusions, Baton's agent and ByteBuddy
            .ignore(
                not(new InstrumentableName().or(named(LambdaFactoryVisitor.FACTORY)))
                    .or(isSynthetic().and(not(nameContains(LAMBDA))))
                    .or(nameStartsWith("dev.baton.agent."))
                    .or(nameStartsWith("net.bytebuddy.")))
            // Baton itself, on the bootstrap class path; applications in dev.baton.* are instrumented
            .or(nameStartsWith("dev.baton."), isBootstrapClassLoader());
    for (BoundaryInstrumentation boundary : boundaries(options)) {
      agent = boundary.addTo(agent);
    }
    ResettableClassFileTransformer transformer = agent.installOn(instrumentation);
    loadedCandidates.installed();
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
   * The configuration every instrumentation of the agent shares. Every class loaded before it is
   * offered for retransformation, and those loaded while it retransforms (the JDK loads more of its
   * own on the way) in further rounds instead of being missed.
   */
  static AgentBuilder builder(Instrumentation instrumentation, boolean debug) {
    return builder(instrumentation, debug, AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE);
  }

  /** As {@link #builder(Instrumentation, boolean)}; {@code loaded} offers the classes loaded before it. */
  private static AgentBuilder builder(
      Instrumentation instrumentation,
      boolean debug,
      AgentBuilder.RedefinitionStrategy.DiscoveryStrategy loaded) {
    // Every transformation is a visitor over the class file as it is (advice inlined, members
    // added by ASM): ByteBuddy has nothing to validate, and no method graph of the class and its
    // supertypes to compile (reading every supertype's class file, with generics) for each class
    // it rewrites, which was most of what the agent cost after start-up
    ByteBuddy byteBuddy =
        new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
            .with(VisibilityBridgeStrategy.Default.NEVER)
            .with(InstrumentedType.Factory.Default.FROZEN);
    return new AgentBuilder.Default(byteBuddy)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(loaded)
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

  /** Classes Baton may instrument: see {@link AgentSettings#isInstrumentedName}, the user's exclusions included. */
  private static final class InstrumentableName extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
    @Override
    public boolean matches(TypeDescription type) {
      return AgentSettings.isInstrumentedName(type.getName());
    }
  }
}

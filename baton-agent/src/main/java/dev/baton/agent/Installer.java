package dev.baton.agent;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.baton.internal.Handoffs;
import dev.baton.internal.LambdaClasses;
import java.lang.instrument.Instrumentation;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Installs one instrumentation per boundary. Each is a type matcher and advice classes that only
 * call into {@code dev.baton.internal} ({@link Handoffs} mostly): executor submissions attach the
 * submitter's context to the task; the task's run enters it; dependent stages, forks, thread
 * starts, timers and the listeners of Guava's, Netty's and Vert.x's futures attach at
 * registration.
 */
final class Installer {

  private static final String COMPLETION = "java.util.concurrent.CompletableFuture$Completion";

  /** Named, not referenced: loading it before the agent is installed would keep it from getting a field. */
  private static final String FORK_JOIN_TASK = "java.util.concurrent.ForkJoinTask";

  private static final String LAMBDA = "$$Lambda";
  private static final String GUAVA_CONCURRENT = "com.google.common.util.concurrent.";
  private static final String NETTY_CONCURRENT = "io.netty.util.concurrent.";
  private static final String VERTX_FUTURE = "io.vertx.core.impl.future.";

  private Installer() {}

  static void install(Instrumentation instrumentation, AgentOptions options) {
    Handoffs.exclude(options.excludedClasses);
    AgentBuilder.Identified.Extendable agent =
        builder(instrumentation, options.debug)
            .with(RelevantClasses.INSTANCE)
            // Decided on the name alone, before any class file is parsed: the JDK outside its
            // concurrency classes, the user's exclusions, Baton's agent and ByteBuddy
            .ignore(
                not(new InstrumentableName().or(named(LambdaFactoryVisitor.FACTORY)))
                    .or(isSynthetic().and(not(nameContains(LAMBDA))))
                    .or(nameStartsWith("dev.baton.agent."))
                    .or(nameStartsWith("net.bytebuddy.")))
            // Baton itself, on the bootstrap class path; applications in dev.baton.* are instrumented
            .or(nameStartsWith("dev.baton."), isBootstrapClassLoader())
            // Executors: every implementation, by the shape of its submission methods
            .type(
                Hierarchy.subTypeOf(Hierarchy.EXECUTOR)
                    .and(concreteClass().and(declaresMethod(submission().or(periodicSubmission())))))
            .transform(
                AdviceTransformer.of()
                    .advice(submission(), ExecutorSubmitAdvice.class)
                    .advice(periodicSubmission(), PeriodicSubmitAdvice.class))
            .type(Hierarchy.subTypeOf(Hierarchy.EXECUTOR).and(concreteClass().and(declaresMethod(shutdownNow()))))
            .transform(AdviceTransformer.of().advice(shutdownNow(), ShutdownNowAdvice.class))
            .type(NamedTypes.named("java.util.concurrent.ThreadPoolExecutor"))
            .transform(
                AdviceTransformer.of()
                    .advice(named("addWorker"), PoolInternalsAdvice.class)
                    .advice(
                        named("remove").and(takesArguments(Runnable.class)).and(returns(boolean.class)),
                        TaskRemovedAdvice.class))
            // Rejection handlers: every implementation
            .type(Hierarchy.subTypeOf(Hierarchy.REJECTION_HANDLER).and(concreteClass()))
            .transform(
                AdviceTransformer.of()
                    .advice(
                        named("rejectedExecution").and(takesArguments(2)).and(not(isAbstract())),
                        RejectionAdvice.class))
            // Tasks: every Runnable and Callable, where it runs; a field of their own where it can be added
            .type(taskClass())
            .transform(AdviceTransformer.of().advice(runMethod(), TaskRunAdvice.class))
            .type(new CarrierMatcher(taskClass(), FORK_JOIN_TASK))
            .transform((builder, type, loader, module, domain) -> builder.visit(CarrierFieldInjector.INSTANCE))
            // The JDK's wrappers around a submitted task take its context over
            .type(NamedTypes.named("java.util.concurrent.FutureTask").or(NamedTypes.nameStartsWith(FORK_JOIN_TASK + "$")))
            .transform(
                AdviceTransformer.of()
                    .advice(
                        isConstructor()
                            .and(
                                takesArgument(0, Runnable.class)
                                    .or(takesArgument(0, Callable.class))),
                        WrapperCreatedAdvice.class))
            .type(NamedTypes.named("java.util.concurrent.FutureTask"))
            .transform(
                AdviceTransformer.of()
                    .advice(
                        named("cancel").and(takesArguments(boolean.class)),
                        FutureCancelledAdvice.class))
            // Fork/join: forks attach, every execution enters
            .type(NamedTypes.named(FORK_JOIN_TASK))
            .transform(
                AdviceTransformer.of()
                    .advice(named("fork").and(takesArguments(0)), ForkAdvice.class)
                    .advice(named("doExec").and(takesArguments(0)), TaskRunAdvice.class))
            // CompletableFuture: a dependent stage captures when it is registered, enters when fired
            .type(NamedTypes.named(COMPLETION))
            .transform(AdviceTransformer.of().advice(isConstructor(), StageRegistrationAdvice.class))
            .type(Hierarchy.subTypeOf(Hierarchy.COMPLETION).and(not(NamedTypes.named(COMPLETION))))
            .transform(
                AdviceTransformer.of()
                    .advice(
                        named("tryFire").and(takesArguments(int.class)).and(not(isAbstract())),
                        TaskRunAdvice.class))
            // Guava's futures, and copies shaded under another package: a listener is handed to
            // its executor in the context it was added in
            .type(
                NamedTypes.nameEndsWith(GUAVA_CONCURRENT + "AbstractFuture")
                    .or(NamedTypes.nameEndsWith(GUAVA_CONCURRENT + "ExecutionList")))
            .transform(
                AdviceTransformer.of()
                    .advice(
                        namedOneOf("addListener", "add")
                            .and(takesArguments(Runnable.class, Executor.class))
                            .and(not(isAbstract())),
                        ListenerRegistrationAdvice.class))
            // Netty's futures, and copies shaded under another package: each addition of a
            // listener is recorded with its context, and the call of that listener enters it
            .type(NamedTypes.nameEndsWith(NETTY_CONCURRENT + "DefaultPromise"))
            .transform(
                AdviceTransformer.of()
                    .advice(
                        named("addListener0").and(takesArguments(1)),
                        PromiseListenerAddedAdvice.class)
                    .advice(
                        named("removeListener0").and(takesArguments(1)),
                        PromiseListenerRemovedAdvice.class)
                    .advice(
                        named("notifyListener0").and(isStatic()).and(takesArguments(2)),
                        PromiseListenerCallAdvice.class)
                    .advice(
                        named("notifyProgressiveListener0").and(isStatic()).and(takesArguments(4)),
                        PromiseProgressCallAdvice.class))
            // Vert.x's futures: the same records; a listener's call finds its addition under the
            // future emitting its result on this thread
            .type(NamedTypes.named(VERTX_FUTURE + "FutureImpl"))
            .transform(
                AdviceTransformer.of()
                    .advice(
                        named("addListener").and(takesArguments(1)),
                        PromiseListenerAddedAdvice.class)
                    .advice(
                        named("removeListener").and(takesArguments(1)),
                        PromiseListenerRemovedAdvice.class))
            .type(NamedTypes.named(VERTX_FUTURE + "FutureBase"))
            .transform(
                AdviceTransformer.of()
                    .advice(
                        named("emitResult").or(nameStartsWith("lambda$emitResult")),
                        PromiseEmitAdvice.class))
            .type(Hierarchy.subTypeOf(Hierarchy.VERTX_LISTENER).and(concreteClass().and(declaresMethod(listenerCall()))))
            .transform(AdviceTransformer.of().advice(listenerCall(), CompletableCallAdvice.class))
            // Threads: captured at start; platform threads enter in run(), virtual ones in run(task)
            .type(Hierarchy.subTypeOf(Hierarchy.THREAD).and(concreteClass().and(declaresMethod(threadStart()))))
            .transform(AdviceTransformer.of().advice(threadStart(), ThreadStartAdvice.class))
            .type(NamedTypes.named("java.lang.VirtualThread"))
            .transform(
                AdviceTransformer.of()
                    .advice(
                        named("run").and(takesArguments(Runnable.class)),
                        TaskRunAdvice.class))
            // java.util.Timer: every schedule method goes through sched(task, time, period)
            .type(NamedTypes.named("java.util.Timer"))
            .transform(
                AdviceTransformer.of()
                    .advice(named("sched").and(takesArguments(3)), TimerScheduleAdvice.class));
    agent = LibraryInternals.install(agent);
    agent = lambdas(agent, options.debug);
    ResettableClassFileTransformer transformer = agent.installOn(instrumentation);
    LambdaClasses.install(
        (internalName, classFile, host) ->
            transformer.transform(
                host.getModule(),
                host.getClassLoader(),
                internalName,
                null,
                host.getProtectionDomain(),
                classFile));
    Handoffs.agentInstalled();
  }

  /**
   * Lambda classes are hidden classes, which no class file transformer sees: the JDK's lambda
   * factory is made to hand the class file of each lambda to the agent's transformer before
   * defining it, unless this JDK's factory is not the one Baton knows.
   */
  private static AgentBuilder.Identified.Extendable lambdas(
      AgentBuilder.Identified.Extendable agent, boolean debug) {
    return agent
        .type(NamedTypes.named(LambdaFactoryVisitor.FACTORY))
        .transform(
            (builder, type, loader, module, domain) -> {
              LambdaFactoryVisitor visitor = LambdaFactoryVisitor.forFactory(type);
              if (visitor == null) {
                if (debug) {
                  System.err.println(
                      "baton-agent: this JDK's lambda factory is not the one Baton knows; lambdas are wrapped when submitted");
                }
                return builder;
              }
              return builder.visit(visitor);
            });
  }

  /** The configuration every instrumentation of the agent shares. */
  static AgentBuilder builder(Instrumentation instrumentation, boolean debug) {
    // Advice only reads arguments and calls Baton: nothing for ByteBuddy to validate at start-up
    return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        // Classes loaded while the agent retransforms (the JDK loads more of its own on the way)
        // are retransformed in further rounds instead of being missed
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

  private static ElementMatcher.Junction<TypeDescription> concreteClass() {
    return not(isInterface());
  }

  /** A Vert.x listener's {@code complete(result, failure)}. */
  private static ElementMatcher.Junction<MethodDescription> listenerCall() {
    return named("complete").and(takesArguments(2)).and(not(isAbstract())).and(not(isStatic()));
  }

  /** Runnables and Callables that can be handed over: their run methods enter the context. */
  private static Hierarchy.Match taskClass() {
    return Hierarchy.subTypeOf(Hierarchy.RUNNABLE, Hierarchy.CALLABLE)
        .butNot(Hierarchy.FORK_JOIN_WORKER)
        .and(concreteClass().and(declaresMethod(runMethod())).and(not(neverHandedOver())));
  }

  private static ElementMatcher.Junction<MethodDescription> submission() {
    return isMethod()
        .and(not(isAbstract()))
        .and(namedOneOf("execute", "submit", "schedule", "invokeAll", "invokeAny", "invoke"))
        .and(
            takesArgument(0, Runnable.class)
                .or(takesArgument(0, Callable.class))
                .or(takesArgument(0, named(FORK_JOIN_TASK)))
                .or(takesArgument(0, Collection.class)));
  }

  private static ElementMatcher.Junction<MethodDescription> shutdownNow() {
    return isMethod().and(not(isAbstract())).and(named("shutdownNow")).and(takesArguments(0)).and(returns(List.class));
  }

  private static ElementMatcher.Junction<MethodDescription> periodicSubmission() {
    return isMethod()
        .and(not(isAbstract()))
        .and(namedOneOf("scheduleAtFixedRate", "scheduleWithFixedDelay"))
        .and(takesArgument(0, Runnable.class));
  }

  /**
   * JDK tasks that never reach an executor as themselves: a pool's worker loop, fork/join's
   * adapters, which run through {@code doExec}, and fork/join workers, which never carry a context. Leaving them alone also spares retransforming
   * classes other agents may have changed in ways the JVM cannot retransform.
   */
  private static ElementMatcher.Junction<TypeDescription> neverHandedOver() {
    return named("java.util.concurrent.ThreadPoolExecutor$Worker").or(nameStartsWith(FORK_JOIN_TASK + "$"));
  }

  private static ElementMatcher.Junction<MethodDescription> threadStart() {
    return named("start").and(takesArguments(0)).and(not(isAbstract()));
  }

  private static ElementMatcher.Junction<MethodDescription> runMethod() {
    return isMethod()
        .and(not(isAbstract()))
        .and(takesArguments(0))
        .and(namedOneOf("run", "call"));
  }

  /** Classes Baton may instrument: see {@link Handoffs#isInstrumentedName}, the user's exclusions included. */
  private static final class InstrumentableName extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
    @Override
    public boolean matches(TypeDescription type) {
      return Handoffs.isInstrumentedName(type.getName());
    }
  }
}

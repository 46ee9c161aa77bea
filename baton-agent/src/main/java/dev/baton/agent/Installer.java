package dev.baton.agent;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.baton.internal.Handoffs;
import java.lang.instrument.Instrumentation;
import java.util.Collection;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Installs one instrumentation per boundary. Each is a type matcher and advice classes that only
 * call into {@link Handoffs}: executor submissions attach the submitter's context to the task; the
 * task's run enters it; dependent stages, forks, thread starts and timers attach at registration.
 */
final class Installer {

  private static final String COMPLETION = "java.util.concurrent.CompletableFuture$Completion";

  private Installer() {}

  static void install(Instrumentation instrumentation, AgentOptions options) {
    Handoffs.exclude(options.excludedClasses);
    builder(instrumentation, options.debug)
        // Decided on the name alone, before any class file is parsed: the JDK outside its
        // concurrency classes, the user's exclusions, Baton's agent and ByteBuddy
        .ignore(
            not(new InstrumentableName())
                .or(isSynthetic())
                .or(nameStartsWith("dev.baton.agent."))
                .or(nameStartsWith("net.bytebuddy.")))
        // Baton itself, on the bootstrap class path; applications in dev.baton.* are instrumented
        .or(nameStartsWith("dev.baton."), isBootstrapClassLoader())
        // Executors: every implementation, by the shape of its submission methods
        .type(
            concreteClass()
                .and(isSubTypeOf(Executor.class))
                .and(declaresMethod(submission().or(periodicSubmission()))))
        .transform(
            advice()
                .advice(submission(), ExecutorSubmitAdvice.class.getName())
                .advice(periodicSubmission(), PeriodicSubmitAdvice.class.getName()))
        .type(named("java.util.concurrent.ThreadPoolExecutor"))
        .transform(advice().advice(named("addWorker"), PoolInternalsAdvice.class.getName()))
        // Tasks: every Runnable and Callable, where it runs
        .type(
            concreteClass()
                .and(isSubTypeOf(Runnable.class).or(isSubTypeOf(Callable.class)))
                .and(declaresMethod(runMethod()))
                .and(not(neverHandedOver())))
        .transform(advice().advice(runMethod(), TaskRunAdvice.class.getName()))
        // Fork/join: forks attach, every execution enters
        .type(named("java.util.concurrent.ForkJoinTask"))
        .transform(
            advice()
                .advice(named("fork").and(takesArguments(0)), ForkAdvice.class.getName())
                .advice(named("doExec").and(takesArguments(0)), TaskRunAdvice.class.getName()))
        // CompletableFuture: a dependent stage captures when it is registered, enters when fired
        .type(named(COMPLETION))
        .transform(advice().advice(isConstructor(), StageRegistrationAdvice.class.getName()))
        .type(hasSuperType(named(COMPLETION)).and(not(named(COMPLETION))))
        .transform(
            advice()
                .advice(
                    named("tryFire").and(takesArguments(int.class)).and(not(isAbstract())),
                    TaskRunAdvice.class.getName()))
        // Threads: captured at start; platform threads enter in run(), virtual ones in run(task)
        .type(concreteClass().and(isSubTypeOf(Thread.class)).and(declaresMethod(threadStart())))
        .transform(
            advice()
                .advice(threadStart(), ThreadStartAdvice.class.getName()))
        .type(named("java.lang.VirtualThread"))
        .transform(
            advice()
                .advice(
                    named("run").and(takesArguments(Runnable.class)),
                    TaskRunAdvice.class.getName()))
        // java.util.Timer: every schedule method goes through sched(task, time, period)
        .type(named("java.util.Timer"))
        .transform(
            advice()
                .advice(
                    named("sched").and(takesArguments(3)),
                    TimerScheduleAdvice.class.getName()))
        .installOn(instrumentation);
    Handoffs.agentInstalled();
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
        .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
        .with(new InstrumentationListener(debug))
        .assureReadEdgeTo(instrumentation, Handoffs.class);
  }

  private static ElementMatcher.Junction<TypeDescription> concreteClass() {
    return not(isInterface());
  }

  static AgentBuilder.Transformer.ForAdvice advice() {
    return new AgentBuilder.Transformer.ForAdvice().include(Installer.class.getClassLoader());
  }

  private static ElementMatcher.Junction<MethodDescription> submission() {
    return isMethod()
        .and(not(isAbstract()))
        .and(namedOneOf("execute", "submit", "schedule", "invokeAll", "invokeAny", "invoke"))
        .and(
            takesArgument(0, Runnable.class)
                .or(takesArgument(0, Callable.class))
                .or(takesArgument(0, ForkJoinTask.class))
                .or(takesArgument(0, Collection.class)));
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
    return named("java.util.concurrent.ThreadPoolExecutor$Worker")
        .or(nameStartsWith("java.util.concurrent.ForkJoinTask$"))
        .or(isSubTypeOf(ForkJoinWorkerThread.class));
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

package dev.baton.agent;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.baton.internal.handoff.Handoffs;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * The instrumentation of Baton's diagnostics, installed only when they are turned on (by an
 * option, or later through {@code Diagnostics} and {@code AsyncTraces}), so that it costs nothing
 * otherwise.
 */
final class DiagnosticsInstaller {

  /** The JDK's concurrent queues: hand-rolled producer/consumer code goes through them. */
  private static final String[] QUEUES = {
    "java.util.concurrent.LinkedBlockingQueue",
    "java.util.concurrent.LinkedBlockingDeque",
    "java.util.concurrent.ArrayBlockingQueue",
    "java.util.concurrent.PriorityBlockingQueue",
    "java.util.concurrent.DelayQueue",
    "java.util.concurrent.LinkedTransferQueue",
    "java.util.concurrent.SynchronousQueue",
    "java.util.concurrent.ConcurrentLinkedQueue",
    "java.util.concurrent.ConcurrentLinkedDeque"
  };

  private DiagnosticsInstaller() {}

  /** Queues, for the element each hand-off carries, and collections callbacks are registered in. */
  static void installLossDetection(Instrumentation instrumentation, boolean debug) {
    builder(instrumentation, debug)
        .ignore(nameStartsWith("net.bytebuddy.").or(nameStartsWith("dev.baton.")))
        .type(namedOneOf(QUEUES))
        .transform(
            AdviceTransformer.of()
                .advice(insertion(), QueueInsertAdvice.class)
                .advice(removal(), QueueRemoveAdvice.class))
        .type(named("java.util.concurrent.CopyOnWriteArrayList"))
        .transform(
            AdviceTransformer.of()
                .advice(
                    isMethod().and(namedOneOf("add", "addIfAbsent")).and(takesArguments(1)),
                    RegistrationAdvice.class))
        .type(named("java.util.concurrent.ConcurrentHashMap"))
        .transform(
            AdviceTransformer.of()
                .advice(
                    isMethod().and(namedOneOf("put", "putIfAbsent")).and(takesArguments(2)),
                    MapRegistrationAdvice.class))
        .installOn(instrumentation);
  }

  /** Throwable's constructors, to link each exception to the traced task that creates it. */
  static void installThrowableLinking(Instrumentation instrumentation, boolean debug) {
    builder(instrumentation, debug)
        .ignore(nameStartsWith("net.bytebuddy.").or(nameStartsWith("dev.baton.")))
        .type(named("java.lang.Throwable"))
        .transform(AdviceTransformer.of().advice(isConstructor(), ThrowableCreatedAdvice.class))
        .installOn(instrumentation);
  }

  private static ElementMatcher.Junction<MethodDescription> insertion() {
    return isMethod()
        .and(isPublic())
        .and(
            namedOneOf(
                "offer", "put", "add", "addFirst", "addLast", "offerFirst", "offerLast",
                "putFirst", "putLast", "push", "transfer", "tryTransfer"))
        .and(takesArgument(0, Object.class))
        .and(takesArguments(1).or(takesArguments(3)));
  }

  private static ElementMatcher.Junction<MethodDescription> removal() {
    return isMethod()
        .and(isPublic())
        .and(
            namedOneOf(
                "poll", "take", "remove", "pollFirst", "pollLast", "takeFirst", "takeLast", "pop",
                "removeFirst", "removeLast"))
        .and(returns(Object.class))
        .and(takesArguments(0).or(takesArguments(2)));
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
        .with(retransformations(new RetransformationListener()))
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        // Types whose class files cannot be read (Baton's and other agents' classes appended to
        // the bootstrap class path, classes other agents define) are described by loading them;
        // classes already loaded are described by reflection, with what other agents added
        .with(LoadedTypeFallbackPool.INSTANCE)
        .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
        .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
        .with(transformations(new InstrumentationListener(debug), debug))
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

  private static AgentBuilder.RedefinitionStrategy.Listener retransformations(RetransformationListener listener) {
    return new AgentBuilder.RedefinitionStrategy.Listener.Adapter() {
      @Override
      public void onComplete(int amount, List<Class<?>> types, Map<List<Class<?>>, Throwable> failures) {
        listener.onComplete(failures);
      }
    };
  }

  private static AgentBuilder.Listener transformations(InstrumentationListener listener, boolean debug) {
    return new AgentBuilder.Listener.Adapter() {
      @Override
      public void onTransformation(
          TypeDescription type, ClassLoader classLoader, JavaModule module, boolean loaded, DynamicType dynamicType) {
        listener.instrumented(type.getName());
      }

      @Override
      public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable error) {
        if (error instanceof TypePool.Resolution.NoSuchTypeException && !debug) {
          // A type it extends or implements is missing: the JVM refuses the class too
          return;
        }
        listener.onError(typeName, error);
      }
    };
  }
}

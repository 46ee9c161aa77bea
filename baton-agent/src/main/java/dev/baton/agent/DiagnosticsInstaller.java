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

import java.lang.instrument.Instrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

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
    Installer.builder(instrumentation, debug)
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
    Installer.builder(instrumentation, debug)
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
}

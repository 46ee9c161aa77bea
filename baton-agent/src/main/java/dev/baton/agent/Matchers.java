package dev.baton.agent;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** What several boundaries match alike. */
final class Matchers {

  /** Named, not referenced: loading it before the agent is installed would keep it from getting a field. */
  static final String FORK_JOIN_TASK = "java.util.concurrent.ForkJoinTask";

  private Matchers() {}

  static ElementMatcher.Junction<TypeDescription> concreteClass() {
    return not(isInterface());
  }

  /** The names of {@link #runMethod()}. */
  static final String[] RUN_METHODS = {"run", "call"};

  /** A task's {@code run()} or {@code call()}, where it enters the context handed over with it. */
  static ElementMatcher.Junction<MethodDescription> runMethod() {
    return isMethod()
        .and(not(isAbstract()))
        .and(takesArguments(0))
        .and(namedOneOf(RUN_METHODS));
  }
}

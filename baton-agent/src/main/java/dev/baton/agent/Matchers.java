package dev.baton.agent;

import static dev.baton.agent.MethodMatcher.isAbstract;
import static dev.baton.agent.MethodMatcher.isMethod;
import static dev.baton.agent.MethodMatcher.namedOneOf;
import static dev.baton.agent.MethodMatcher.not;
import static dev.baton.agent.MethodMatcher.takesArguments;

/** What several boundaries match alike. */
final class Matchers {

  /** Named, not referenced: loading it before the agent is installed would keep it from getting a field. */
  static final String FORK_JOIN_TASK = "java.util.concurrent.ForkJoinTask";

  private Matchers() {}

  /** The names of {@link #runMethod()}. */
  static final String[] RUN_METHODS = {"run", "call"};

  /** A task's {@code run()} or {@code call()}, where it enters the context handed over with it. */
  static MethodMatcher runMethod() {
    return isMethod()
        .and(not(isAbstract()))
        .and(takesArguments(0))
        .and(namedOneOf(RUN_METHODS));
  }
}

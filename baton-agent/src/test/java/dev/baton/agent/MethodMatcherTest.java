package dev.baton.agent;

import static dev.baton.agent.MethodMatcher.isAbstract;
import static dev.baton.agent.MethodMatcher.isConstructor;
import static dev.baton.agent.MethodMatcher.isMethod;
import static dev.baton.agent.MethodMatcher.isStatic;
import static dev.baton.agent.MethodMatcher.named;
import static dev.baton.agent.MethodMatcher.nameStartsWith;
import static dev.baton.agent.MethodMatcher.namedOneOf;
import static dev.baton.agent.MethodMatcher.not;
import static dev.baton.agent.MethodMatcher.returns;
import static dev.baton.agent.MethodMatcher.takesArgument;
import static dev.baton.agent.MethodMatcher.takesArguments;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/**
 * The agent's method matchers, on the class files of the JDK's executors: the methods each
 * selects, by name, access and descriptor, are those reflection names.
 */
class MethodMatcherTest {

  @Test
  void parametersAreReadFromDescriptorsOfEveryKind() {
    assertThat(MethodMatcher.parameters("()V")).isEmpty();
    assertThat(MethodMatcher.parameters("(IJ[[DLjava/lang/Runnable;[Ljava/lang/Object;Z)V"))
        .containsExactly("I", "J", "[[D", "Ljava/lang/Runnable;", "[Ljava/lang/Object;", "Z");
  }

  @Test
  void argumentsMatchByCountByTypesAndByOneParameter() throws IOException {
    ClassShape pool = shape(ThreadPoolExecutor.class);

    assertThat(selected(pool, named("remove").and(takesArguments(Runnable.class)).and(returns(boolean.class))))
        .containsExactly("remove(Ljava/lang/Runnable;)Z");
    assertThat(selected(pool, named("execute").and(takesArgument(0, Runnable.class))))
        .containsExactly("execute(Ljava/lang/Runnable;)V");
    assertThat(selected(pool, namedOneOf("shutdownNow").and(takesArguments(0)).and(returns(List.class))))
        .containsExactly("shutdownNow()Ljava/util/List;");
    assertThat(selected(pool, isConstructor().and(takesArguments(7))))
        .containsExactly(
            "<init>(IIJLjava/util/concurrent/TimeUnit;Ljava/util/concurrent/BlockingQueue;"
                + "Ljava/util/concurrent/ThreadFactory;Ljava/util/concurrent/RejectedExecutionHandler;)V");
    assertThat(selected(pool, named("execute").and(takesArgument(1, Runnable.class)))).isEmpty();
  }

  @Test
  void anArgumentNamedByItsClassMatchesWithoutLoadingIt() throws IOException {
    ClassShape pool = shape(ScheduledThreadPoolExecutor.class);

    assertThat(selected(pool, named("schedule").and(takesArgument(0, "java.util.concurrent.Callable"))))
        .containsExactly("schedule(Ljava/util/concurrent/Callable;JLjava/util/concurrent/TimeUnit;)Ljava/util/concurrent/ScheduledFuture;");
    assertThat(selected(pool, named("schedule").and(takesArgument(0, Callable.class))))
        .isEqualTo(selected(pool, named("schedule").and(takesArgument(0, "java.util.concurrent.Callable"))));
  }

  @Test
  void accessKindsAndNamesCombine() throws IOException {
    ClassShape executor = shape(Executor.class);
    ClassShape pool = shape(ThreadPoolExecutor.class);

    assertThat(selected(executor, isAbstract())).containsExactly("execute(Ljava/lang/Runnable;)V");
    assertThat(selected(pool, isStatic().and(isMethod()).and(nameStartsWith("runState"))))
        .contains("runStateLessThan(II)Z", "runStateAtLeast(II)Z")
        .allMatch(method -> method.startsWith("runState"));
    assertThat(selected(pool, named("execute").or(named("shutdown")).and(not(isAbstract()))))
        .containsExactlyInAnyOrder("execute(Ljava/lang/Runnable;)V", "shutdown()V");
    assertThat(selected(pool, isMethod().and(named("<init>")))).isEmpty();
    assertThat(selected(pool, returns(void.class).and(named("execute")))).hasSize(1);
    assertThat(selected(pool, returns(Collection.class))).isEmpty();
  }

  private static List<String> selected(ClassShape type, MethodMatcher matcher) {
    List<String> selected = new ArrayList<>();
    for (ClassShape.Member method : type.methods()) {
      if (matcher.matches(method)) {
        selected.add(method.name() + method.descriptor());
      }
    }
    return selected;
  }

  private static ClassShape shape(Class<?> type) throws IOException {
    try (InputStream in = Object.class.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return ClassShape.of(in.readAllBytes());
    }
  }
}

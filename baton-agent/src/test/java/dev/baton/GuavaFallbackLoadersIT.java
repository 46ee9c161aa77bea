package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.SettableFuture;
import com.google.common.util.concurrent.internal.InternalFutureFailureAccess;
import dev.baton.fallback.FallbackScenarios;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guava's futures loaded as Guava's own {@code AbstractFutureFallbackAtomicHelperTest} loads them:
 * in class loaders that refuse {@code VarHandle}, or {@code VarHandle} and {@code Unsafe}, so that
 * {@code AbstractFuture} falls back to its other ways of updating its state. Everything of such a
 * loader resolves its names through it, the members the agent adds to its task classes included:
 * context still follows the work, and Baton reports nothing.
 */
class GuavaFallbackLoadersIT {

  private static final String FUTURES = SettableFuture.class.getPackageName() + ".";
  private static final String SCENARIOS = FallbackScenarios.class.getPackageName() + ".";

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final CapturedReports reports = new CapturedReports();

  static Stream<Arguments> loaders() {
    return Stream.of(
        Arguments.of("without VarHandle", Set.of("java.lang.invoke.VarHandle"), "UnsafeAtomicHelper"),
        Arguments.of(
            "without VarHandle and Unsafe",
            Set.of("java.lang.invoke.VarHandle", "sun.misc.Unsafe"),
            "AtomicReferenceFieldUpdaterAtomicHelper"));
  }

  @BeforeEach
  void captureReports() {
    assertThat(ContextExecutors.agentInstalled()).as("the agent is installed").isTrue();
    reports.start();
  }

  @AfterEach
  void nothingReported() {
    reports.stop();
    assertThat(reports.messages()).as("Baton's reports").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("loaders")
  void listenersRunInTheContextThatAddedThem(String loader, Set<String> refused, String helper) throws Exception {
    ClassLoader refusing = refusing(refused, helper);

    assertThat(call(refusing, "listeners", storage))
        .containsExactlyInAnyOrder("direct:registrar", "pool:registrar", "pool afterwards:null");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("loaders")
  void threadAndTaskClassesOfSuchALoaderCarryTheContextTheyWereHandedIn(
      String loader, Set<String> refused, String helper) throws Exception {
    ClassLoader refusing = refusing(refused, helper);

    assertThat(call(refusing, "tasksOfThisLoader", storage)).containsExactlyInAnyOrder("thread:starter", "task:starter");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("loaders")
  void aHundredThousandChainedFuturesCompleteAndCancelWithTheirListenersInTheirContexts(
      String loader, Set<String> refused, String helper) throws Exception {
    ClassLoader refusing = refusing(refused, helper);

    assertThat(call(refusing, "chains", storage, 100_000))
        .containsExactly(
            "completed:waiting for the chain",
            "outermost done:true",
            "listener of the innermost:waiting for the cancellation",
            "innermost cancelled:true");
  }

  /** A loader of its own for Guava's futures and the scenarios, whose {@code AbstractFuture} uses {@code helper}. */
  private static ClassLoader refusing(Set<String> refused, String helper) throws Exception {
    URL[] urls = {
      SettableFuture.class.getProtectionDomain().getCodeSource().getLocation(),
      InternalFutureFailureAccess.class.getProtectionDomain().getCodeSource().getLocation(),
      FallbackScenarios.class.getProtectionDomain().getCodeSource().getLocation()
    };
    ClassLoader loader =
        new URLClassLoader(urls, GuavaFallbackLoadersIT.class.getClassLoader()) {
          @Override
          public Class<?> loadClass(String name) throws ClassNotFoundException {
            if (refused.contains(name)) {
              throw new ClassNotFoundException(name + " is refused by this loader");
            }
            if (name.startsWith(FUTURES) || name.startsWith(SCENARIOS)) {
              synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
              }
            }
            return super.loadClass(name);
          }
        };
    Method helperType =
        loader.loadClass(FUTURES + "AbstractFutureState").getDeclaredMethod("atomicHelperTypeForTest");
    helperType.setAccessible(true);
    assertThat(helperType.invoke(null)).as("the helper Guava fell back to").isEqualTo(helper);
    return loader;
  }

  @SuppressWarnings("unchecked")
  private static List<String> call(ClassLoader loader, String scenario, Object... arguments) throws Exception {
    Class<?> scenarios = loader.loadClass(FallbackScenarios.class.getName());
    assertThat(scenarios).isNotSameAs(FallbackScenarios.class);
    Method method =
        Stream.of(scenarios.getMethods()).filter(m -> m.getName().equals(scenario)).findFirst().orElseThrow();
    try {
      return (List<String>) method.invoke(null, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }
}

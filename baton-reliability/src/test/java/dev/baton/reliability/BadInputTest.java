package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AsyncHook;
import dev.baton.AsyncHooks;
import dev.baton.AsyncLocalStorage;
import dev.baton.AsyncResource;
import dev.baton.AsyncTraces;
import dev.baton.CallableOp;
import dev.baton.ContextExecutors;
import dev.baton.Diagnostics;
import dev.baton.Snapshot;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every public constructor and method of Baton's API, called with null for each of its reference
 * parameters in turn: a {@code NullPointerException} whose message is the parameter's name, and the
 * caller's context untouched. Found by reflection, so a method added later is checked too.
 */
class BadInputTest {

  private static final List<Class<?>> API =
      List.of(
          AsyncLocalStorage.class,
          AsyncResource.class,
          AsyncResource.Options.class,
          AsyncHooks.class,
          AsyncHook.class,
          Snapshot.class,
          ContextExecutors.class,
          Diagnostics.class,
          Diagnostics.Report.class,
          AsyncTraces.class);

  /** Parameters documented as accepting null: "Class.member(parameter)". */
  private static final Set<String> NULLABLE = Set.of("AsyncLocalStorage.<init>(defaultValue)");

  private static final AsyncLocalStorage<String> CANARY = new AsyncLocalStorage<>("canary");

  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final Map<Class<?>, Object> samples =
      Map.ofEntries(
          Map.entry(String.class, "sample"),
          Map.entry(AsyncLocalStorage.class, new AsyncLocalStorage<String>("sample")),
          Map.entry(Object.class, "store"),
          Map.entry(Runnable.class, (Runnable) () -> {}),
          Map.entry(Supplier.class, (Supplier<String>) () -> "value"),
          Map.entry(Callable.class, (Callable<String>) () -> "value"),
          Map.entry(CallableOp.class, (CallableOp<String, RuntimeException>) () -> "value"),
          Map.entry(BiConsumer.class, (BiConsumer<Object, Object>) (a, b) -> {}),
          Map.entry(AsyncResource.Options.class, AsyncResource.Options.defaults()),
          Map.entry(AsyncHook.Callbacks.class, new AsyncHook.Callbacks() {}),
          Map.entry(Executor.class, (Executor) Runnable::run),
          Map.entry(ExecutorService.class, executor),
          Map.entry(ScheduledExecutorService.class, scheduler),
          Map.entry(ThreadFactory.class, (ThreadFactory) Thread::new),
          Map.entry(java.util.function.Consumer.class, (java.util.function.Consumer<Object>) report -> {}),
          Map.entry(Throwable.class, new IllegalStateException("sample")),
          Map.entry(List.class, List.of("sample")),
          Map.entry(int.class, 1),
          Map.entry(long.class, 0L),
          Map.entry(boolean.class, false));

  @AfterEach
  void stop() {
    executor.shutdownNow();
    scheduler.shutdownNow();
  }

  @Test
  void everyReferenceParameterOfThePublicApiRejectsNullWithItsName() {
    List<String> checked = new ArrayList<>();
    List<String> failures = new ArrayList<>();

    for (Class<?> type : API) {
      List<Executable> members = new ArrayList<>(List.of(type.getConstructors()));
      for (Method method : type.getDeclaredMethods()) {
        if (Modifier.isPublic(method.getModifiers()) && !method.isSynthetic()) {
          members.add(method);
        }
      }
      for (Executable member : members) {
        Parameter[] parameters = member.getParameters();
        for (int i = 0; i < parameters.length; i++) {
          if (parameters[i].getType().isPrimitive()) {
            continue;
          }
          String name = type.getSimpleName() + "." + memberName(member) + "(" + parameters[i].getName() + ")";
          assertThat(parameters[i].isNamePresent()).as("compiled with -parameters: " + name).isTrue();
          checked.add(name);
          String failure = callWithNull(member, i, NULLABLE.contains(name));
          if (failure != null) {
            failures.add(name + ": " + failure);
          }
        }
      }
    }

    assertThat(failures).isEmpty();
    assertThat(checked)
        .as("the reflection found the API")
        .hasSizeGreaterThan(30)
        .contains("AsyncLocalStorage.run(store)", "AsyncResource.<init>(type)", "Snapshot.forEach(action)");
  }

  /** Returns what went wrong, or null when the call behaved. */
  private String callWithNull(Executable member, int nullIndex, boolean nullable) {
    Object[] arguments = new Object[member.getParameterCount()];
    Class<?>[] types = member.getParameterTypes();
    for (int i = 0; i < arguments.length; i++) {
      if (i != nullIndex) {
        arguments[i] = sample(types[i]);
      }
    }
    String expected = member.getParameters()[nullIndex].getName();
    Snapshot before = AsyncLocalStorage.snapshot();
    Throwable thrown =
        CANARY.run(
            "canary",
            () -> {
              Throwable failure = invoke(member, arguments);
              if (!"canary".equals(CANARY.getStore())) {
                failure = new AssertionError("the context changed: " + CANARY.getStore());
              }
              return failure;
            });
    if (before.run(CANARY::getStore) != null) {
      return "the context after the call holds a store";
    }
    if (nullable) {
      return thrown == null ? null : "documented as nullable, but threw " + thrown;
    }
    if (!(thrown instanceof NullPointerException)) {
      return "expected NullPointerException(\"" + expected + "\"), got " + thrown;
    }
    return expected.equals(thrown.getMessage()) ? null : "message was \"" + thrown.getMessage() + "\"";
  }

  private Throwable invoke(Executable member, Object[] arguments) {
    try {
      if (member instanceof Constructor) {
        ((Constructor<?>) member).newInstance(arguments);
      } else {
        Method method = (Method) member;
        Object receiver = Modifier.isStatic(method.getModifiers()) ? null : receiver(method.getDeclaringClass());
        method.invoke(receiver, arguments);
      }
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (ReflectiveOperationException e) {
      return new AssertionError("could not call " + member, e);
    }
  }

  private Object sample(Class<?> type) {
    Object sample = samples.get(type);
    if (sample == null) {
      throw new AssertionError("no sample value for " + type + ": add one");
    }
    return sample;
  }

  private static Object receiver(Class<?> type) {
    if (type == AsyncLocalStorage.class) {
      return new AsyncLocalStorage<>("receiver");
    }
    if (type == AsyncResource.class) {
      return new AsyncResource("receiver");
    }
    if (type == AsyncResource.Options.class) {
      return AsyncResource.Options.defaults();
    }
    if (type == AsyncHook.class) {
      return AsyncHooks.createHook(new AsyncHook.Callbacks() {});
    }
    if (type == Snapshot.class) {
      return AsyncLocalStorage.snapshot();
    }
    throw new AssertionError("no receiver for " + type + ": add one");
  }

  private static String memberName(Executable member) {
    return member instanceof Constructor ? "<init>" : member.getName();
  }

  @Test
  void invalidValuesAreRejectedWithADescriptiveMessage() {
    assertThatThrownBy(() -> new AsyncResource(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("type must not be empty");
    assertThatThrownBy(() -> new AsyncResource("query", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("triggerAsyncId must not be negative, got -1");
    assertThatThrownBy(() -> AsyncResource.Options.defaults().triggerAsyncId(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("triggerAsyncId must not be negative, got -5");
    assertThatThrownBy(() -> AsyncResource.bind(() -> {}, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("type must not be empty");
    AsyncResource resource = new AsyncResource("query");
    resource.emitDestroy();
    assertThatThrownBy(resource::emitDestroy)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("emitDestroy() was already called on ")
        .hasMessageEndingWith("; a resource is destroyed once");
  }
}

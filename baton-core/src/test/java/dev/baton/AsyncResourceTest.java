package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncResourceTest {

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();
  private RecordingHook hook;

  @AfterEach
  void disableHook() {
    if (hook != null) {
      hook.disable();
    }
  }

  @Test
  void idsAreUniqueAndGreaterThanTheRoot() {
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      long id = new AsyncResource("t").asyncId();
      assertThat(id).isGreaterThan(1);
      ids.add(id);
    }
    assertThat(ids).hasSize(1_000);
  }

  @Test
  void typeAndTriggerAreAsGiven() {
    AsyncResource resource = new AsyncResource("DbQuery", 42);

    assertThat(resource.type()).isEqualTo("DbQuery");
    assertThat(resource.triggerAsyncId()).isEqualTo(42);
    assertThat(resource).hasToString("AsyncResource[type=DbQuery, asyncId=" + resource.asyncId() + "]");
  }

  @Test
  void theDefaultTriggerIsTheCurrentExecutionScope() {
    AsyncResource outer = new AsyncResource("outer");
    assertThat(outer.triggerAsyncId()).isEqualTo(1);

    AsyncResource inner = outer.runInAsyncScope(() -> new AsyncResource("inner"));

    assertThat(inner.triggerAsyncId()).isEqualTo(outer.asyncId());
    assertThat(
            new AsyncResource("o", AsyncResource.Options.defaults().triggerAsyncId(7))
                .triggerAsyncId())
        .isEqualTo(7);
  }

  @Test
  void runInAsyncScopeEntersTheResourcesScopeAndRestoresTheCallers() {
    AsyncResource resource = new AsyncResource("scope", 5);
    long[] inside = new long[2];
    Object[] insideResource = new Object[1];

    resource.runInAsyncScope(
        () -> {
          inside[0] = AsyncHooks.executionAsyncId();
          inside[1] = AsyncHooks.triggerAsyncId();
          insideResource[0] = AsyncHooks.executionAsyncResource();
        });

    assertThat(inside).containsExactly(resource.asyncId(), 5);
    assertThat(insideResource[0]).isSameAs(resource);
    assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
    assertThat(AsyncHooks.triggerAsyncId()).isZero();
    assertThat(AsyncHooks.executionAsyncResource()).isNotNull().isNotSameAs(resource);
  }

  @Test
  void runInAsyncScopeUsesTheContextCapturedAtConstruction() throws Exception {
    AsyncResource resource = storage.run("creator", () -> new AsyncResource("Job"));
    CompletableFuture<String> seen = new CompletableFuture<>();

    Thread other =
        new Thread(
            () ->
                storage.run(
                    "completer",
                    () -> {
                      resource.runInAsyncScope(() -> seen.complete(storage.getStore()));
                      assertThat(storage.getStore()).isEqualTo("completer");
                    }));
    other.start();

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("creator");
  }

  @Test
  void runInAsyncScopeRestoresContextAndScopeAndFiresAfterWhenTheCallbackThrows() {
    hook = RecordingHook.enabled();
    AsyncResource resource = storage.run("creator", () -> new AsyncResource("Job"));
    RuntimeException failure = new RuntimeException("callback failed");

    storage.run(
        "caller",
        () -> {
          assertThatThrownBy(
                  () ->
                      resource.runInAsyncScope(
                          (Runnable)
                              () -> {
                                throw failure;
                              }))
              .isSameAs(failure);
          assertThat(storage.getStore()).isEqualTo("caller");
          assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
        });
    assertThat(hook.eventsOf(resource.asyncId())).containsExactly("init", "before", "after");
  }

  @Test
  void callInAsyncScopePropagatesCheckedExceptionsAndReturnsValues() throws IOException {
    AsyncResource resource = new AsyncResource("io");
    IOException failure = new IOException("io");

    assertThatThrownBy(
            () ->
                resource.callInAsyncScope(
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
    assertThat(resource.<Long, IOException>callInAsyncScope(AsyncHooks::executionAsyncId))
        .isEqualTo(resource.asyncId());
  }

  @Test
  void nestedScopesRestoreEachLevel() {
    // Node's hooks-recursive-stack-runInAsyncScope
    AsyncResource a = new AsyncResource("a");
    AsyncResource b = new AsyncResource("b");

    a.runInAsyncScope(
        () -> {
          b.runInAsyncScope(() -> assertThat(AsyncHooks.executionAsyncId()).isEqualTo(b.asyncId()));
          assertThat(AsyncHooks.executionAsyncId()).isEqualTo(a.asyncId());
          a.runInAsyncScope(() -> assertThat(AsyncHooks.executionAsyncId()).isEqualTo(a.asyncId()));
          assertThat(AsyncHooks.executionAsyncId()).isEqualTo(a.asyncId());
        });
    assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
  }

  @Test
  void emitDestroyFiresDestroySynchronouslyAndReturnsThis() {
    hook = RecordingHook.enabled();
    AsyncResource resource = new AsyncResource("once");

    assertThat(resource.emitDestroy()).isSameAs(resource);

    assertThat(hook.eventsOf(resource.asyncId())).containsExactly("init", "destroy");
  }

  @Test
  void emitDestroyTwiceThrowsAndFiresNothingMore() {
    hook = RecordingHook.enabled();
    AsyncResource resource = new AsyncResource("twice");
    resource.emitDestroy();

    assertThatThrownBy(resource::emitDestroy)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "emitDestroy() was already called on AsyncResource[type=twice, asyncId="
                + resource.asyncId()
                + "]; a resource is destroyed once");
    assertThat(hook.eventsOf(resource.asyncId())).containsExactly("init", "destroy");
  }

  @Test
  void emitDestroyWithoutHooksStillRefusesASecondCall() {
    AsyncResource resource = new AsyncResource("quiet");
    resource.emitDestroy();

    assertThatThrownBy(resource::emitDestroy).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void destroyFiresAfterGarbageCollectionWhenAHookWasEnabledAtConstruction() throws Exception {
    hook = RecordingHook.enabled();
    long id = createAndDrop(AsyncResource.Options.defaults());

    assertThat(
            GcSupport.collectUntil(
                () -> hook.eventsOf(id).contains("destroy"), 10, TimeUnit.SECONDS))
        .isTrue();
    assertThat(hook.eventsOf(id)).containsExactly("init", "destroy");
  }

  @Test
  void noDestroyAfterGarbageCollectionWhenManualDestroyIsRequired() throws Exception {
    hook = RecordingHook.enabled();
    long manual = createAndDrop(AsyncResource.Options.defaults().requireManualDestroy(true));
    long automatic = createAndDrop(AsyncResource.Options.defaults());

    // Wait for the automatic one: the manual one was collectable as early and must stay silent
    assertThat(
            GcSupport.collectUntil(
                () -> hook.eventsOf(automatic).contains("destroy"), 10, TimeUnit.SECONDS))
        .isTrue();
    assertThat(hook.eventsOf(manual)).containsExactly("init");
  }

  @Test
  void aResourceDestroyedByHandIsNotDestroyedAgainAfterCollection() throws Exception {
    hook = RecordingHook.enabled();
    long destroyed = createDestroyAndDrop();
    long witness = createAndDrop(AsyncResource.Options.defaults());

    assertThat(
            GcSupport.collectUntil(
                () -> hook.eventsOf(witness).contains("destroy"), 10, TimeUnit.SECONDS))
        .isTrue();
    assertThat(hook.eventsOf(destroyed)).containsExactly("init", "destroy");
  }

  private static long createAndDrop(AsyncResource.Options options) {
    return new AsyncResource("dropped", options).asyncId();
  }

  private static long createDestroyAndDrop() {
    return new AsyncResource("destroyed").emitDestroy().asyncId();
  }

  @Test
  void wrapRunsThroughRunInAsyncScopeEachTime() throws Exception {
    hook = RecordingHook.enabled();
    AsyncResource resource = storage.run("owner", () -> new AsyncResource("listener"));
    List<String> seen = new java.util.ArrayList<>();
    Runnable wrapped = resource.wrap(() -> { seen.add(storage.getStore()); });
    Callable<Long> id = resource.wrap(AsyncHooks::executionAsyncId);

    storage.run("emitter", wrapped);
    wrapped.run();

    assertThat(seen).containsExactly("owner", "owner");
    assertThat(id.call()).isEqualTo(resource.asyncId());
    assertThat(hook.eventsOf(resource.asyncId()))
        .containsExactly("init", "before", "after", "before", "after", "before", "after");
  }

  @Test
  void staticBindCreatesANewResourceBoundToTheCurrentContext() throws Exception {
    hook = RecordingHook.enabled();
    long[] idInside = new long[1];
    Runnable bound =
        storage.run(
            "request",
            () -> AsyncResource.bind(() -> { idInside[0] = AsyncHooks.executionAsyncId(); }));
    Callable<String> boundCallable = storage.run("request", () -> AsyncResource.bind(storage::getStore));

    storage.run("other", bound);

    assertThat(idInside[0]).isGreaterThan(1);
    assertThat(hook.events()).contains("init " + idInside[0] + " bound-anonymous-fn 1");
    assertThat(boundCallable.call()).isEqualTo("request");
    Runnable typed = AsyncResource.bind(() -> { idInside[0] = AsyncHooks.executionAsyncId(); }, "Close");
    typed.run();
    assertThat(hook.events()).contains("init " + idInside[0] + " Close 1");
  }

  @Test
  void badArgumentsAreRejectedWithDescriptiveMessages() {
    assertThatThrownBy(() -> new AsyncResource(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("type");
    assertThatThrownBy(() -> new AsyncResource(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("type must not be empty");
    assertThatThrownBy(() -> new AsyncResource("type", -4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("triggerAsyncId must not be negative, got -4");
    assertThatThrownBy(() -> AsyncResource.Options.defaults().triggerAsyncId(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("triggerAsyncId must not be negative, got -1");
    assertThatThrownBy(() -> new AsyncResource("type", (AsyncResource.Options) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("options");
    AsyncResource resource = new AsyncResource("t");
    assertThatThrownBy(() -> resource.runInAsyncScope((Runnable) null)).hasMessage("fn");
    assertThatThrownBy(() -> resource.runInAsyncScope((Supplier<String>) null)).hasMessage("fn");
    assertThatThrownBy(() -> resource.callInAsyncScope(null)).hasMessage("op");
    assertThatThrownBy(() -> resource.wrap((Runnable) null)).hasMessage("fn");
    assertThatThrownBy(() -> resource.wrap((Callable<String>) null)).hasMessage("fn");
    assertThatThrownBy(() -> AsyncResource.bind((Runnable) null)).hasMessage("fn");
    assertThatThrownBy(() -> AsyncResource.bind(() -> {}, null)).hasMessage("type");
    assertThatThrownBy(() -> AsyncResource.bind(() -> {}, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AsyncResource.bind((Callable<String>) null)).hasMessage("fn");
  }

  @Test
  void optionsAreImmutable() {
    AsyncResource.Options defaults = AsyncResource.Options.defaults();
    AsyncResource.Options manual = defaults.requireManualDestroy(true).triggerAsyncId(3);

    assertThat(defaults).hasToString("Options[triggerAsyncId=executionAsyncId(), requireManualDestroy=false]");
    assertThat(manual).hasToString("Options[triggerAsyncId=3, requireManualDestroy=true]");
  }
}

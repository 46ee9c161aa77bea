package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncHooksTest {

  private final List<AsyncHook> hooks = new ArrayList<>();

  @AfterEach
  void disableHooks() {
    hooks.forEach(AsyncHook::disable);
  }

  private RecordingHook recording() {
    RecordingHook recording = RecordingHook.enabled();
    hooks.add(recording.hook());
    return recording;
  }

  @Test
  void theRootScopeIsOneWithTriggerZero() {
    assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
    assertThat(AsyncHooks.triggerAsyncId()).isZero();
    assertThat(AsyncHooks.executionAsyncResource()).hasToString("AsyncHooks.ROOT");
  }

  @Test
  void eventsArriveInLifeCycleOrderWithScopeIdsInsideBeforeAndAfter() {
    RecordingHook recording = recording();

    AsyncResource resource = new AsyncResource("Job", 9);
    resource.runInAsyncScope(() -> {});
    resource.emitDestroy();

    long id = resource.asyncId();
    assertThat(recording.events())
        .filteredOn(event -> event.contains(" " + id + " ") || event.endsWith(" " + id))
        .containsExactly(
            "init " + id + " Job 9",
            "before " + id + " scope=" + id,
            "after " + id + " scope=" + id,
            "destroy " + id);
  }

  @Test
  void initRunsInTheCreatorsScopeAndSeesTheResource() {
    List<Object> seen = new ArrayList<>();
    hooks.add(
        AsyncHooks.createHook(
                new AsyncHook.Callbacks() {
                  @Override
                  public void init(long asyncId, String type, long trigger, Object resource) {
                    seen.add(AsyncHooks.executionAsyncId());
                    seen.add(resource);
                  }
                })
            .enable());
    AsyncResource parent = new AsyncResource("parent");

    AsyncResource child = parent.runInAsyncScope(() -> new AsyncResource("child"));

    assertThat(seen).containsExactly(1L, parent, parent.asyncId(), child);
  }

  @Test
  void aCreatedHookIsDisabledUntilEnabled() {
    RecordingHook recording = new RecordingHook();
    AsyncHook hook = recording.hook();
    hooks.add(hook);
    new AsyncResource("unseen");
    assertThat(hook.isEnabled()).isFalse();

    assertThat(hook.enable()).isSameAs(hook);
    assertThat(hook.isEnabled()).isTrue();
    long seen = new AsyncResource("seen").asyncId();
    assertThat(hook.disable()).isSameAs(hook);
    long unseenAgain = new AsyncResource("unseen").asyncId();

    assertThat(recording.events()).containsExactly("init " + seen + " seen 1");
    assertThat(recording.eventsOf(unseenAgain)).isEmpty();
  }

  @Test
  void enablingTwiceDeliversEachEventOnce() {
    RecordingHook recording = recording();
    recording.hook().enable();

    AsyncResource resource = new AsyncResource("once");

    assertThat(recording.eventsOf(resource.asyncId())).containsExactly("init");
    recording.hook().disable();
    recording.hook().disable();
    assertThat(recording.hook().isEnabled()).isFalse();
  }

  @Test
  void hooksAreCalledInTheOrderTheyWereEnabled() {
    List<String> order = new CopyOnWriteArrayList<>();
    for (String name : List.of("first", "second", "third")) {
      hooks.add(
          AsyncHooks.createHook(
                  new AsyncHook.Callbacks() {
                    @Override
                    public void before(long asyncId) {
                      order.add(name);
                    }
                  })
              .enable());
    }

    new AsyncResource("ordered").runInAsyncScope(() -> {});

    assertThat(order).containsExactly("first", "second", "third");
  }

  @Test
  void aHookDisabledDuringAnEventStillCompletesThatEventButGetsNoMore() {
    // Node's test-disable-in-init: disabling takes effect for the next event
    RecordingHook second = new RecordingHook();
    hooks.add(second.hook());
    hooks.add(
        AsyncHooks.createHook(
                new AsyncHook.Callbacks() {
                  @Override
                  public void init(long asyncId, String type, long trigger, Object resource) {
                    second.disable();
                  }
                })
            .enable());
    second.hook().enable();

    AsyncResource resource = new AsyncResource("r");
    resource.runInAsyncScope(() -> {});

    assertThat(second.eventsOf(resource.asyncId())).containsExactly("init");
  }

  @Test
  void aThrowingCallbackIsReportedAndBreaksNeitherTheOperationNorOtherHooks() {
    IllegalStateException failure = new IllegalStateException("hook bug");
    hooks.add(
        AsyncHooks.createHook(
                new AsyncHook.Callbacks() {
                  @Override
                  public void init(long id, String type, long trigger, Object resource) {
                    throw failure;
                  }

                  @Override
                  public void before(long asyncId) {
                    throw failure;
                  }

                  @Override
                  public void after(long asyncId) {
                    throw failure;
                  }

                  @Override
                  public void destroy(long asyncId) {
                    throw failure;
                  }
                })
            .enable());
    RecordingHook healthy = recording();
    AsyncLocalStorage<String> storage = new AsyncLocalStorage<>();
    List<Throwable> handed = new ArrayList<>();
    Thread thread = Thread.currentThread();
    Thread.UncaughtExceptionHandler previousHandler = thread.getUncaughtExceptionHandler();
    thread.setUncaughtExceptionHandler((t, e) -> handed.add(e));
    String[] result = new String[1];
    AsyncResource[] resource = new AsyncResource[1];
    List<String> reports;
    try {
      reports =
          reportsDuring(
              () -> {
                resource[0] = storage.run("request", () -> new AsyncResource("Fragile"));
                result[0] = resource[0].runInAsyncScope(storage::getStore);
                resource[0].emitDestroy();
              });
    } finally {
      thread.setUncaughtExceptionHandler(previousHandler);
    }

    assertThat(result[0]).isEqualTo("request");
    assertThat(storage.getStore()).isNull();
    assertThat(AsyncHooks.executionAsyncId()).isEqualTo(1);
    assertThat(healthy.eventsOf(resource[0].asyncId()))
        .containsExactly("init", "before", "after", "destroy");
    assertThat(handed).as("the application's handler gets each").containsExactly(failure, failure, failure, failure);
    assertThat(reports)
        .containsExactly(
            "baton: an async hook's init callback threw: java.lang.IllegalStateException: hook bug;"
                + " the operation that fired it goes on",
            "baton: an async hook's before callback threw: java.lang.IllegalStateException: hook bug;"
                + " the operation that fired it goes on",
            "baton: an async hook's after callback threw: java.lang.IllegalStateException: hook bug;"
                + " the operation that fired it goes on",
            "baton: an async hook's destroy callback threw: java.lang.IllegalStateException: hook bug;"
                + " the operation that fired it goes on");
  }

  @Test
  void aCallbackThatThrowsOnEveryOperationIsReportedThinnedOutAndPrintsNoStackTraces() {
    hooks.add(
        AsyncHooks.createHook(
                new AsyncHook.Callbacks() {
                  @Override
                  public void init(long id, String type, long trigger, Object resource) {
                    throw new IllegalStateException("hook bug");
                  }
                })
            .enable());
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream previousErr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    List<String> reports;
    try {
      reports =
          reportsDuring(
              () -> {
                for (int i = 0; i < 120; i++) {
                  new AsyncResource("Fragile").emitDestroy();
                }
              });
    } finally {
      System.setErr(previousErr);
    }

    assertThat(reports).hasSize(3);
    assertThat(reports.get(0)).startsWith("baton: an async hook's init callback threw: ");
    assertThat(reports.get(1)).endsWith("(10 times so far; reports of this kind are thinned out)");
    assertThat(reports.get(2)).endsWith("(100 times so far; reports of this kind are thinned out)");
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .as("no uncaught-exception handler was set: none of the JDK's stack traces")
        .doesNotContain("hook bug");
  }

  /** What Baton reported through its logger while {@code action} ran, the first of each kind shown. */
  private static List<String> reportsDuring(Runnable action) {
    CapturedReports captured = new CapturedReports().start();
    try {
      action.run();
    } finally {
      captured.stop();
    }
    return captured.messages();
  }


  @Test
  void createHookRejectsNull() {
    assertThatThrownBy(() -> AsyncHooks.createHook(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("callbacks");
  }
}

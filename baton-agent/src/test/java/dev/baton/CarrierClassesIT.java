package dev.baton;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.internal.handoff.TaskCarrier;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which task classes the agent gives a field to carry contexts in, and that every kind of task
 * carries its submitter's context either way. A subclass defined after its superclass got the
 * field shares it; one defined first (the JVM loads a superclass after its subclass's class file
 * is read) gets its own, and so does the superclass. A serializable class without a {@code
 * serialVersionUID} keeps its serialized form (nothing is added to it) and is followed by
 * identity instead.
 */
class CarrierClassesIT {

  private static final String FIELD = "$baton$attachment";

  /** The order the classes are defined in, which decides who gets a field. */
  private static final List<Class<?>> DEFINED_IN_ORDER =
      List.of(CarrierBase.class, CarrierSub.class, EarlyCarrierSub.class, LateCarrierBase.class);

  private final AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("request");
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void shutDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, SECONDS)).isTrue();
  }

  @Test
  void aSubclassDefinedAfterItsSuperclassSharesItsFieldAndOneDefinedBeforeHasItsOwn() {
    assertThat(DEFINED_IN_ORDER).allMatch(TaskCarrier.class::isAssignableFrom);
    assertThat(declaresField(CarrierBase.class)).isTrue();
    assertThat(declaresField(CarrierSub.class)).isFalse();
    assertThat(declaresField(EarlyCarrierSub.class)).isTrue();
    assertThat(declaresField(LateCarrierBase.class)).isTrue();
  }

  @Test
  void everyTaskOfEitherHierarchyRunsInItsOwnSubmittersContext() throws Exception {
    submitInTurn(
        new CarrierSub(seen, storage), new CarrierBase(seen, storage), new CarrierSub(seen, storage),
        new EarlyCarrierSub(seen, storage), new LateCarrierBase(seen, storage), new EarlyCarrierSub(seen, storage));

    assertThat(seen)
        .containsExactly(
            "sub:request-0", "base:request-1", "sub:request-2",
            "early-sub:request-3", "late-base:request-4", "early-sub:request-5");
  }

  @Test
  void aSerializableTaskWithoutItsVersionIsLeftWithoutMembersAndStillCarriesItsContext() throws Exception {
    Runnable unversioned = new UnversionedSerialTask(seen, storage);
    Runnable versioned = new VersionedSerialTask(seen, storage);

    assertThat(unversioned).isNotInstanceOf(TaskCarrier.class);
    assertThat(declaresField(UnversionedSerialTask.class)).isFalse();
    assertThat(versioned).isInstanceOf(TaskCarrier.class);

    submitInTurn(unversioned, versioned);

    assertThat(seen).containsExactly("unversioned:request-0", "versioned:request-1");
  }

  /** Submits each task in a request of its own, one at a time, each run awaited. */
  private void submitInTurn(Runnable... tasks) throws Exception {
    for (int i = 0; i < tasks.length; i++) {
      Runnable task = tasks[i];
      CountDownLatch ran = new CountDownLatch(1);
      storage.run("request-" + i, () -> pool.execute(task));
      pool.execute(ran::countDown); // submitted outside any request: runs after the task
      assertThat(ran.await(10, SECONDS)).isTrue();
    }
    assertThat(storage.getStore()).isNull();
  }

  private static boolean declaresField(Class<?> type) {
    for (Field field : type.getDeclaredFields()) {
      if (field.getName().equals(FIELD)) {
        return true;
      }
    }
    return false;
  }
}

/** Not itself a task, as it declares no run(): its subclasses are, recording their label and the store they see. */
abstract class CarrierRecorder implements Runnable {
  private final String label;
  private final List<String> seen;
  private final AsyncLocalStorage<String> storage;

  CarrierRecorder(String label, List<String> seen, AsyncLocalStorage<String> storage) {
    this.label = label;
    this.seen = seen;
    this.storage = storage;
  }

  void record() {
    seen.add(label + ":" + storage.getStore());
  }
}

class CarrierBase extends CarrierRecorder {
  CarrierBase(List<String> seen, AsyncLocalStorage<String> storage) {
    this("base", seen, storage);
  }

  CarrierBase(String label, List<String> seen, AsyncLocalStorage<String> storage) {
    super(label, seen, storage);
  }

  @Override
  public void run() {
    record();
  }
}

/** Defined after {@link CarrierBase}. */
final class CarrierSub extends CarrierBase {
  CarrierSub(List<String> seen, AsyncLocalStorage<String> storage) {
    super("sub", seen, storage);
  }

  @Override
  public void run() {
    super.run();
  }
}

class LateCarrierBase extends CarrierRecorder {
  LateCarrierBase(List<String> seen, AsyncLocalStorage<String> storage) {
    this("late-base", seen, storage);
  }

  LateCarrierBase(String label, List<String> seen, AsyncLocalStorage<String> storage) {
    super(label, seen, storage);
  }

  @Override
  public void run() {
    record();
  }
}

/** Defined before {@link LateCarrierBase}, which the JVM loads as its superclass. */
final class EarlyCarrierSub extends LateCarrierBase {
  EarlyCarrierSub(List<String> seen, AsyncLocalStorage<String> storage) {
    super("early-sub", seen, storage);
  }

  @Override
  public void run() {
    super.run();
  }
}

@SuppressWarnings("serial") // the point: a serializable class that leaves its version to the JVM
final class UnversionedSerialTask extends CarrierRecorder implements Serializable {
  UnversionedSerialTask(List<String> seen, AsyncLocalStorage<String> storage) {
    super("unversioned", seen, storage);
  }

  @Override
  public void run() {
    record();
  }
}

final class VersionedSerialTask extends CarrierRecorder implements Serializable {
  private static final long serialVersionUID = 1L;

  VersionedSerialTask(List<String> seen, AsyncLocalStorage<String> storage) {
    super("versioned", seen, storage);
  }

  @Override
  public void run() {
    record();
  }
}

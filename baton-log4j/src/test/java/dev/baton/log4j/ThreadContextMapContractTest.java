package dev.baton.log4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AsyncLocalStorage;
import dev.baton.Snapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.logging.log4j.spi.CleanableThreadContextMap;
import org.apache.logging.log4j.spi.DefaultThreadContextMap;
import org.apache.logging.log4j.spi.ThreadContextMap;
import org.apache.logging.log4j.util.StringMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour of Log4j's own {@code ThreadContext} map that code relies on, asserted on Log4j's
 * default map and on Baton's alike; what only Baton's does follows.
 */
class ThreadContextMapContractTest {

  static Stream<Arguments> maps() {
    return Stream.of(
        Arguments.of("Log4j's DefaultThreadContextMap", (Supplier<ThreadContextMap>) DefaultThreadContextMap::new),
        Arguments.of("BatonThreadContextMap", (Supplier<ThreadContextMap>) BatonThreadContextMap::new));
  }

  /** Runs {@code test} on a map of its own, in an empty context on a thread of its own. */
  private static void onFreshMap(Supplier<ThreadContextMap> maps, Consumer<ThreadContextMap> test)
      throws Exception {
    CompletableFuture.runAsync(() -> Snapshot.empty().run(() -> test.accept(maps.get())))
        .get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maps")
  void aNewMapIsEmptyAndHasNoImmutableMap(String name, Supplier<ThreadContextMap> maps) throws Exception {
    onFreshMap(
        maps,
        map -> {
          assertThat(map.isEmpty()).isTrue();
          assertThat(map.get("a")).isNull();
          assertThat(map.containsKey("a")).isFalse();
          assertThat(map.getImmutableMapOrNull()).isNull();
          Map<String, String> copy = map.getCopy();
          assertThat(copy).isEmpty();
          copy.put("mutable", "yes");
          assertThat(map.isEmpty()).isTrue();
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maps")
  void withInheritanceConfiguredANewThreadStartsWithACopyOfItsMakersMap(String name, Supplier<ThreadContextMap> maps)
      throws Exception {
    System.setProperty("log4j2.isThreadContextMapInheritable", "true");
    Supplier<ThreadContextMap> inheriting;
    try {
      ThreadContextMap made = maps.get(); // the property is read as the map is made, as Log4j does
      inheriting = () -> made;
    } finally {
      System.clearProperty("log4j2.isThreadContextMapInheritable");
    }
    onFreshMap(
        inheriting,
        map -> {
          map.put("a", "1");
          CompletableFuture<String> childSaw = new CompletableFuture<>();
          java.util.concurrent.CountDownLatch parentChanged = new java.util.concurrent.CountDownLatch(1);
          Thread child =
              new Thread(
                  () -> {
                    try {
                      String first = map.get("a");
                      map.put("b", "child's");
                      parentChanged.await(10, TimeUnit.SECONDS);
                      childSaw.complete(first + " " + map.get("a") + " " + map.get("b"));
                    } catch (InterruptedException e) {
                      childSaw.completeExceptionally(e);
                    }
                  });
          child.start();
          map.put("a", "2");
          parentChanged.countDown();
          assertThat(childSaw.join()).isEqualTo("1 1 child's");
          assertThat(map.get("b")).isNull();
          assertThat(map.get("a")).isEqualTo("2");
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maps")
  void putGetRemoveAndNullValues(String name, Supplier<ThreadContextMap> maps) throws Exception {
    onFreshMap(
        maps,
        map -> {
          map.put("a", "1");
          map.put("b", null);
          map.put("a", "2");
          assertThat(map.get("a")).isEqualTo("2");
          assertThat(map.get("b")).isNull();
          assertThat(map.containsKey("b")).as("a null value is an entry").isTrue();
          assertThat(map.isEmpty()).isFalse();
          Map<String, String> expected = new HashMap<>();
          expected.put("a", "2");
          expected.put("b", null);
          assertThat(map.getCopy()).isEqualTo(expected);

          map.remove("a");
          map.remove("absent");
          assertThat(map.containsKey("a")).isFalse();
          map.remove("b");
          assertThat(map.isEmpty()).isTrue();
          assertThat(map.getImmutableMapOrNull())
              .as("removing the last entry leaves an empty map, not none")
              .isEmpty();
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maps")
  void theImmutableMapIsUnmodifiableAndKeepsWhatItHadWhenTaken(String name, Supplier<ThreadContextMap> maps)
      throws Exception {
    onFreshMap(
        maps,
        map -> {
          map.put("a", "1");
          Map<String, String> taken = map.getImmutableMapOrNull();
          Map<String, String> copy = map.getCopy();
          map.put("b", "2");
          map.remove("a");
          assertThat(taken).isEqualTo(Map.of("a", "1"));
          assertThat(copy).isEqualTo(Map.of("a", "1"));
          assertThatThrownBy(() -> taken.put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
          copy.put("c", "3");
          assertThat(map.getCopy()).isEqualTo(Map.of("b", "2"));
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maps")
  void clearLeavesNoMapAtAll(String name, Supplier<ThreadContextMap> maps) throws Exception {
    onFreshMap(
        maps,
        map -> {
          map.put("a", "1");
          map.clear();
          assertThat(map.isEmpty()).isTrue();
          assertThat(map.get("a")).isNull();
          assertThat(map.getImmutableMapOrNull()).isNull();
          assertThat(map.getCopy()).isEmpty();
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maps")
  void aNullKeyIsRejectedByPut(String name, Supplier<ThreadContextMap> maps) throws Exception {
    onFreshMap(
        maps,
        map -> {
          map.put("a", "1");
          assertThatThrownBy(() -> map.put(null, "v")).isInstanceOf(NullPointerException.class);
          assertThat(map.getCopy()).isEqualTo(Map.of("a", "1"));
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maps")
  void anotherThreadDoesNotSeeTheEntriesWithoutPropagation(String name, Supplier<ThreadContextMap> maps)
      throws Exception {
    onFreshMap(
        maps,
        map -> {
          map.put("a", "1");
          Map<String, String> seenByOther = new HashMap<>();
          Thread other =
              new Thread(
                  () -> {
                    seenByOther.putAll(map.getCopy());
                    map.put("other", "x");
                  });
          other.start();
          try {
            other.join(10_000);
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          assertThat(other.isAlive()).isFalse();
          assertThat(seenByOther).isEmpty();
          assertThat(map.getCopy()).isEqualTo(Map.of("a", "1"));
        });
  }

  @Test
  void putAllAndRemoveAllAreOneChangeEach() throws Exception {
    onFreshMap(
        BatonThreadContextMap::new,
        plain -> {
          CleanableThreadContextMap map = (CleanableThreadContextMap) plain;
          map.put("a", "1");
          Map<String, String> before = map.getImmutableMapOrNull();
          map.putAll(Map.of("b", "2", "c", "3"));
          assertThat(map.getCopy()).isEqualTo(Map.of("a", "1", "b", "2", "c", "3"));
          map.removeAll(List.of("a", "c", "absent"));
          assertThat(map.getCopy()).isEqualTo(Map.of("b", "2"));
          assertThat(before).isEqualTo(Map.of("a", "1"));
        });
  }

  @Test
  void badArgumentsAreRejectedNamingTheArgument() throws Exception {
    onFreshMap(
        BatonThreadContextMap::new,
        plain -> {
          BatonThreadContextMap map = (BatonThreadContextMap) plain;
          assertThatThrownBy(() -> map.put(null, "v")).hasMessage("key");
          assertThatThrownBy(() -> map.putAll(null)).hasMessage("map");
          Map<String, String> nullKey = new HashMap<>();
          nullKey.put(null, "v");
          assertThatThrownBy(() -> map.putAll(nullKey)).hasMessage("a key of map");
          assertThatThrownBy(() -> map.removeAll(null)).hasMessage("keys");
          assertThat(map.getImmutableMapOrNull()).as("nothing half done").isNull();
        });
  }

  @Test
  void eventsGetAFrozenMapThatLaterChangesLeaveAlone() throws Exception {
    onFreshMap(
        BatonThreadContextMap::new,
        plain -> {
          BatonThreadContextMap map = (BatonThreadContextMap) plain;
          assertThat(map.getReadOnlyContextData().isEmpty()).isTrue();
          map.put("a", "1");
          StringMap data = map.getReadOnlyContextData();
          map.put("a", "2");
          assertThat(data.isFrozen()).isTrue();
          assertThat(data.toMap()).isEqualTo(Map.of("a", "1"));
          assertThatThrownBy(() -> data.putValue("b", "2")).isInstanceOf(UnsupportedOperationException.class);
          assertThat(map.getReadOnlyContextData()).as("reads allocate nothing").isSameAs(map.getReadOnlyContextData());
        });
  }

  @Test
  void eachMapHasEntriesOfItsOwn() throws Exception {
    onFreshMap(
        BatonThreadContextMap::new,
        first -> {
          ThreadContextMap second = new BatonThreadContextMap();
          first.put("a", "1");
          assertThat(second.isEmpty()).isTrue();
        });
  }

  @Test
  void theEntriesOfARunEndWithItAndACapturedContextKeepsThem() throws Exception {
    onFreshMap(
        BatonThreadContextMap::new,
        map -> {
          map.put("outer", "1");
          AsyncLocalStorage<String> request = new AsyncLocalStorage<>("request");
          Snapshot[] inside = new Snapshot[1];
          request.run(
              "r",
              () -> {
                map.put("inner", "2");
                inside[0] = AsyncLocalStorage.snapshot();
              });
          assertThat(map.getCopy()).as("the caller's map is back").isEqualTo(Map.of("outer", "1"));
          inside[0].run(() -> assertThat(map.getCopy()).isEqualTo(Map.of("outer", "1", "inner", "2")));
        });
  }
}

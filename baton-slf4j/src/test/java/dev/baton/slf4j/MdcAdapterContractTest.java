package dev.baton.slf4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.net.SocketAppender;
import ch.qos.logback.classic.net.server.HardenedLoggingEventInputStream;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEventVO;
import ch.qos.logback.core.read.ListAppender;
import dev.baton.AsyncLocalStorage;
import dev.baton.slf4j.logback.BatonLogbackMDCAdapter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.spi.MDCAdapter;

/**
 * Baton's MDC adapters keep the contracts of the adapters they replace: SLF4J's ({@code
 * BasicMDCAdapter}, as its {@code MDCAdapterTestBase} checks it) and Logback's ({@code
 * LogbackMDCAdapter}): the same answers for the same calls, one MDC per adapter, and events that
 * travel to remote appenders.
 */
class MdcAdapterContractTest {

  private static MDCAdapter adapter(boolean logback) {
    return logback ? new BatonLogbackMDCAdapter() : new BatonMDCAdapter();
  }

  @ParameterizedTest(name = "Logback's type: {0}")
  @ValueSource(booleans = {false, true})
  void entriesAreSetOverwrittenCopiedAndRemoved(boolean logback) {
    MDCAdapter mdc = adapter(logback);

    assertThat(mdc.get("testKey")).isNull();
    mdc.put("testKey", "testValue");
    mdc.put("testKey", "differentTestValue");
    Map<String, String> copy = mdc.getCopyOfContextMap();
    mdc.put("anotherTestKey", "anotherTestValue");

    assertThat(mdc.get("testKey")).isEqualTo("differentTestValue");
    assertThat(copy).as("a copy does not change afterwards").containsOnlyKeys("testKey");
    assertThat(mdc.getCopyOfContextMap()).isInstanceOf(HashMap.class).hasSize(2);
    copy.put("mutable", "as Logback's copy");
    mdc.remove("testKey");
    mdc.remove("anotherTestKey");
    assertThat(mdc.getCopyOfContextMap()).isEmpty();
    mdc.clear();
  }

  @ParameterizedTest(name = "Logback's type: {0}")
  @ValueSource(booleans = {false, true})
  void thereIsNoMapBeforeAnyPutAndAfterClearOrSettingANullMap(boolean logback) {
    MDCAdapter mdc = adapter(logback);
    assertThat(mdc.getCopyOfContextMap()).isNull();

    mdc.put("k", "v");
    mdc.clear();
    assertThat(mdc.getCopyOfContextMap()).isNull();

    mdc.setContextMap(Map.of("a", "1"));
    assertThat(mdc.getCopyOfContextMap()).isEqualTo(Map.of("a", "1"));
    mdc.setContextMap(null);
    assertThat(mdc.getCopyOfContextMap()).isNull();
    assertThat(mdc.get("a")).isNull();
  }

  @ParameterizedTest(name = "Logback's type: {0}")
  @ValueSource(booleans = {false, true})
  void nullKeysAreRejectedByPutAndIgnoredEverywhereElseAndNullValuesAreKept(boolean logback) {
    MDCAdapter mdc = adapter(logback);

    assertThatThrownBy(() -> mdc.put(null, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key cannot be null");
    mdc.put("k", "v");
    mdc.remove(null);
    mdc.pushByKey(null, "v");
    mdc.clearDequeByKey(null);
    assertThat(mdc.get(null)).isNull();
    assertThat(mdc.popByKey(null)).isNull();
    assertThat(mdc.getCopyOfDequeByKey(null)).isNull();
    assertThat(mdc.getCopyOfContextMap()).isEqualTo(Map.of("k", "v"));
    mdc.put("nullValue", null);
    assertThat(mdc.getCopyOfContextMap()).containsEntry("nullValue", null).hasSize(2);
    mdc.clear();
  }

  @Test
  void theKeysAreThoseOfTheEntriesAndNullWithoutAMap() {
    BatonMDCAdapter mdc = new BatonMDCAdapter();
    assertThat(mdc.getKeys()).isNull();
    mdc.put("a", "1");
    assertThat(mdc.getKeys()).containsExactly("a");
    mdc.clear();
  }

  @ParameterizedTest(name = "Logback's type: {0}")
  @ValueSource(booleans = {false, true})
  void eachAdapterHasAnMdcOfItsOwn(boolean logback) {
    MDCAdapter first = adapter(logback);
    MDCAdapter second = adapter(logback);

    first.put("owner", "first");

    assertThat(second.get("owner")).isNull();
    assertThat(second.getCopyOfContextMap()).isNull();
    first.clear();
  }

  @Test
  void aChildThreadDoesNotChangeItsParentsMdc() throws Exception {
    MDCAdapter mdc = adapter(true);
    mdc.put("parentKey", "parentValue");
    Thread child = new Thread(() -> mdc.put("childKey", "childValue"));
    child.start();
    child.join(10_000);

    assertThat(mdc.get("parentKey")).isEqualTo("parentValue");
    assertThat(mdc.get("childKey")).isNull();
    mdc.clear();
  }

  @Test
  void twoLoggerContextsRecordEachTheirOwnMdcInTheirEvents() {
    LoggerContext one = loggerContext();
    LoggerContext two = loggerContext();
    ListAppender<ILoggingEvent> oneEvents = listening(one);
    ListAppender<ILoggingEvent> twoEvents = listening(two);

    one.getMDCAdapter().put("app", "one");
    one.getLogger("test").info("from one");
    two.getLogger("test").info("from two");

    assertThat(oneEvents.list).singleElement().satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("app", "one"));
    assertThat(twoEvents.list).singleElement().satisfies(e -> assertThat(e.getMDCPropertyMap()).isEmpty());
    one.getMDCAdapter().clear();
    one.stop();
    two.stop();
  }

  @Test
  void eventsSerializeAndLogbacksHardenedReaderAcceptsThem() throws Exception {
    LoggerContext context = loggerContext();
    ListAppender<ILoggingEvent> events = listening(context);
    AsyncLocalStorage<String> request = new AsyncLocalStorage<>("requestId");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    request.run(
        "r-1",
        () -> {
          context.getMDCAdapter().put("user", "ann");
          context.getLogger("test").info("serialized");
          // as a remote or asynchronous appender does, on the thread that logged
          try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(LoggingEventVO.build(events.list.get(0)));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    ILoggingEvent read;
    try (HardenedLoggingEventInputStream in =
        new HardenedLoggingEventInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      read = (ILoggingEvent) in.readObject();
    }

    assertThat(events.list.get(0).getMDCPropertyMap().getClass().getName()).startsWith("java.util.");
    assertThat(read.getMDCPropertyMap()).isEqualTo(Map.of("user", "ann"));
    assertThat(read.getFormattedMessage()).isEqualTo("serialized");
    context.stop();
  }

  @Test
  void aSocketAppenderBehindAnAsyncAppenderSendsTheMdcToAReceiverReadingWithLogbacksOwnReader()
      throws Exception {
    LoggerContext context = loggerContext();
    AsyncLocalStorage<String> request = new AsyncLocalStorage<>("requestId");
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<ILoggingEvent> received =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket socket = server.accept();
                    HardenedLoggingEventInputStream in = new HardenedLoggingEventInputStream(socket.getInputStream())) {
                  return (ILoggingEvent) in.readObject();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      SocketAppender socket = new SocketAppender();
      socket.setContext(context);
      socket.setRemoteHost(InetAddress.getLoopbackAddress().getHostAddress());
      socket.setPort(server.getLocalPort());
      socket.start();
      AsyncAppender async = new AsyncAppender();
      async.setContext(context);
      async.addAppender(socket);
      async.start();
      Logger logger = context.getLogger("remote");
      logger.addAppender(async);

      request.run(
          "r-2",
          () -> {
            context.getMDCAdapter().put("user", "bob");
            logger.info("over the wire");
          });
      ILoggingEvent event = received.get(10, TimeUnit.SECONDS);

      assertThat(event.getFormattedMessage()).isEqualTo("over the wire");
      assertThat(event.getMDCPropertyMap()).isEqualTo(Map.of("user", "bob"));
      async.stop();
    } finally {
      context.stop();
    }
  }

  private static LoggerContext loggerContext() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new BatonLogbackMDCAdapter());
    context.start();
    return context;
  }

  private static ListAppender<ILoggingEvent> listening(LoggerContext context) {
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.setContext(context);
    events.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(events);
    return events;
  }
}

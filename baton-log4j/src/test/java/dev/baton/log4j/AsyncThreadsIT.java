package dev.baton.log4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AsyncLocalStorage;
import dev.baton.log4j.LoggingSetup.Mode;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs under {@code -javaagent:baton-agent.jar}: a logger context started inside a request (as a
 * lazily configured one is, on the first log call) starts its asynchronous appender's and loggers'
 * threads there; they keep nothing of that request.
 */
class AsyncThreadsIT {

  private static final AsyncLocalStorage<byte[]> REQUEST = new AsyncLocalStorage<>("request");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"ASYNC_APPENDER", "ASYNC_LOGGER", "ALL_ASYNC"})
  void threadsStartedInARequestKeepNothingOfIt(Mode mode) throws Exception {
    byte[] payload = new byte[4 << 20];
    WeakReference<byte[]> store = new WeakReference<>(payload);
    LoggingSetup logging = REQUEST.call(payload, () -> started(mode));
    payload = null;

    logging.logger().info("logged in no request");

    assertThat(collected(store)).as("the request's store is collected while %s runs", mode).isTrue();
    List<String> lines = logging.stop();
    assertThat(lines).containsExactly("first, in the request", "logged in no request");
  }

  /** Starts the context, and logs once so that its threads are running. */
  private LoggingSetup started(Mode mode) {
    LoggingSetup logging = LoggingSetup.pattern(dir, mode, "%m%n");
    logging.logger().info("first, in the request");
    return logging;
  }

  private static boolean collected(WeakReference<?> reference) throws InterruptedException {
    for (int i = 0; i < 100 && reference.get() != null; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(20); // gives reference processing its turn; bounded
    }
    return reference.get() == null;
  }
}

package dev.baton.log4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.api.LayoutComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.RootLoggerComponentBuilder;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * A Log4j logger context of its own, writing to a file that {@link #stop} reads back once the
 * context has stopped: stopping drains asynchronous appenders and loggers, so every event logged
 * before is in the file.
 */
final class LoggingSetup {

  /** How events reach the file. */
  enum Mode {
    SYNCHRONOUS,
    ASYNC_APPENDER,
    /** A mixed configuration: an {@code <AsyncRoot>}. */
    ASYNC_LOGGER,
    /** Every logger asynchronous: an {@code AsyncLoggerContext}. */
    ALL_ASYNC
  }

  private final LoggerContext context;
  private final Path file;

  private LoggingSetup(LoggerContext context, Path file) {
    this.context = context;
    this.file = file;
  }

  static LoggingSetup pattern(Path dir, Mode mode, String pattern) {
    ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
    return start(dir, mode, builder, builder.newLayout("PatternLayout").addAttribute("pattern", pattern));
  }

  static LoggingSetup jsonTemplate(Path dir, Mode mode, String eventTemplate) {
    ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
    return start(
        dir,
        mode,
        builder,
        builder.newLayout("JsonTemplateLayout").addAttribute("eventTemplate", eventTemplate));
  }

  private static LoggingSetup start(
      Path dir, Mode mode, ConfigurationBuilder<BuiltConfiguration> builder, LayoutComponentBuilder layout) {
    Path file = dir.resolve(mode.name().toLowerCase() + ".log");
    String name = "baton-log4j-test-" + mode + "-" + System.nanoTime();
    builder.setConfigurationName(name);
    builder.setStatusLevel(Level.WARN);
    builder.add(
        builder
            .newAppender("file", "File")
            .addAttribute("fileName", file.toString())
            .addAttribute("immediateFlush", true)
            .add(layout));
    String target = "file";
    if (mode == Mode.ASYNC_APPENDER) {
      builder.add(builder.newAppender("async", "Async").addComponent(builder.newAppenderRef("file")));
      target = "async";
    }
    RootLoggerComponentBuilder root =
        mode == Mode.ASYNC_LOGGER ? builder.newAsyncRootLogger(Level.INFO) : builder.newRootLogger(Level.INFO);
    builder.add(root.add(builder.newAppenderRef(target)));
    LoggerContext context = mode == Mode.ALL_ASYNC ? new AsyncLoggerContext(name) : new LoggerContext(name);
    context.start(builder.build());
    return new LoggingSetup(context, file);
  }

  Logger logger() {
    return context.getLogger("test");
  }

  /** Stops the context, which writes out every event logged so far, and reads the file. */
  List<String> stop() throws IOException {
    if (!context.stop(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The logger context did not stop within 30 s");
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }
}

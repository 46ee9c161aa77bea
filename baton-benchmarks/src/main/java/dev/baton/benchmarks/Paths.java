package dev.baton.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the runners find what the build made; they run from the project's root. */
final class Paths {

  static final Path BATON_AGENT = Path.of("baton-agent/target/baton-agent.jar");
  static final Path EXAMPLES = Path.of("baton-examples/target/classes");
  static final Path CORE = Path.of("baton-core/target/classes");
  /** The examples' dependencies (Netty), one class path line written by their build. */
  static final Path EXAMPLES_CLASS_PATH = Path.of("baton-examples/target/classpath.txt");
  static final Path OPENTELEMETRY_AGENT = Path.of("baton-benchmarks/target/agents/opentelemetry-javaagent.jar");
  static final Path NODE_SCRIPTS = Path.of("baton-benchmarks/node");

  private Paths() {}

  static Path ttlAgent() {
    try (var files = Files.list(Path.of("baton-benchmarks/target/agents"))) {
      return files
          .filter(file -> file.getFileName().toString().startsWith("transmittable-thread-local-"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("TransmittableThreadLocal's agent is missing"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void requireBuilt() {
    for (Path required : List.of(BATON_AGENT, EXAMPLES, EXAMPLES_CLASS_PATH, CORE, OPENTELEMETRY_AGENT, NODE_SCRIPTS)) {
      if (!Files.exists(required)) {
        throw new IllegalStateException(
            required + " is missing: run from the project's root after ./mvnw -q -DskipTests package");
      }
    }
  }
}

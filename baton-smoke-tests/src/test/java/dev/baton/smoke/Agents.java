package dev.baton.smoke;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** The agents the benchmarks compare, each as the JVM options that run it, by label. */
final class Agents {

  static final String NONE = "without an agent";
  static final String BATON = "Baton's agent";
  static final String OPENTELEMETRY = "OpenTelemetry's agent, exporters off";
  static final String TTL = "TransmittableThreadLocal's agent";
  static final String NO_OP = "an agent whose transformer changes nothing";

  private static final Path TARGET = Path.of("baton-smoke-tests", "target");

  /** The shaded agent by its exact name: the same folder holds its sources, Javadoc and unshaded jars. */
  private static final Path BATON_AGENT = Path.of("baton-agent", "target", "baton-agent.jar");

  private Agents() {}

  /**
   * No agent, Baton's, OpenTelemetry's and, for start-up, TransmittableThreadLocal's and {@link
   * NoOpAgent}, in that order.
   */
  static Map<String, List<String>> subjects(boolean forStartup) throws IOException {
    Map<String, List<String>> subjects = new LinkedHashMap<>();
    subjects.put(NONE, List.of());
    subjects.put(BATON, List.of("-javaagent:" + built(BATON_AGENT)));
    subjects.put(
        OPENTELEMETRY,
        List.of(
            "-javaagent:" + TARGET.resolve("other-agents/opentelemetry-javaagent.jar"),
            "-Dotel.traces.exporter=none",
            "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none"));
    if (forStartup) {
      subjects.put(TTL, List.of("-javaagent:" + jar(TARGET.resolve("other-agents"), "transmittable-thread-local")));
      subjects.put(NO_OP, List.of("-javaagent:" + noOpAgent()));
    }
    return subjects;
  }

  /**
   * The jar of {@link NoOpAgent}, made from this module's test classes: the agent's manifest and
   * its classes, nothing else on its class path.
   */
  static Path noOpAgent() throws IOException {
    Path jar = TARGET.resolve("other-agents").resolve("no-op-agent.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", NoOpAgent.class.getName());
    manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      for (Class<?> type : List.of(NoOpAgent.class, NoOpAgent.Unchanged.class)) {
        String entry = type.getName().replace('.', '/') + ".class";
        try (InputStream classFile = type.getClassLoader().getResourceAsStream(entry)) {
          if (classFile == null) {
            throw new IllegalStateException("no class file for " + type.getName() + ": build first");
          }
          out.putNextEntry(new JarEntry(entry));
          classFile.transferTo(out);
          out.closeEntry();
        }
      }
    }
    return jar;
  }

  /** Points {@link ForkedApplication} at the application as the build left it. */
  static void useBuiltApplication() {
    System.setProperty("baton.smoke.classes", TARGET.resolve("classes").toString());
    System.setProperty("baton.smoke.classpathFile", TARGET.resolve("classpath.txt").toString());
  }

  /** {@code jar}, or a clear failure when it is not there. */
  static Path built(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar + ": build first");
    }
    return jar;
  }

  private static Path jar(Path folder, String prefix) throws IOException {
    try (var files = Files.list(folder)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith(prefix) && file.toString().endsWith(".jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + prefix + " jar in " + folder + ": build first"));
    }
  }
}

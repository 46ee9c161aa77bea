package dev.baton.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a user's build gets from Baton's published artifacts: this build deploys them to a file
 * repository, as a release deploys them to Maven Central, and a separate Maven project
 * ({@code src/test/consumer}) imports the BOM from it, depends on baton-core and baton-slf4j, takes
 * the agent by its coordinates and runs its test under it.
 */
class ConsumerProjectTest {

  private static final Path ROOT = Paths.get(System.getProperty("baton.root"));
  private static final Path STAGING = Paths.get(System.getProperty("baton.staging"));
  private static final String VERSION = System.getProperty("baton.version");
  private static final Path TARGET = Paths.get("target").toAbsolutePath();
  private static final Path PROJECT = TARGET.resolve("consumer");
  private static final Path REPOSITORY = TARGET.resolve("consumer-repository");

  private static int exitCode;
  private static String output;

  @BeforeAll
  static void buildTheConsumerProject() throws Exception {
    // Maven's command-line properties reach the tests: this one, given to build offline, stages nothing
    assumeFalse(
        Boolean.getBoolean("baton.staging.skip"),
        "-Dbaton.staging.skip=true: nothing was staged for the consumer project to use");
    deleteRecursively(PROJECT);
    deleteRecursively(REPOSITORY);
    copyRecursively(Paths.get("src/test/consumer"), PROJECT);
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("mvnw").toString());
    command.add("-B");
    // Nothing from the network: Baton from the staging repository, the rest from the local one
    command.add("-o");
    command.add("-Daether.offline.protocols=file");
    command.add("-Dmaven.repo.local=" + REPOSITORY);
    command.add("-Dmaven.repo.local.tail=" + System.getProperty("baton.localRepository"));
    command.add("-Dbaton.repository=" + STAGING.toUri());
    command.add("-Dbaton.version=" + VERSION);
    for (String version : System.getProperty("consumer.versions").split(",")) {
      command.add("-D" + version);
    }
    command.add("-f");
    command.add(PROJECT.resolve("pom.xml").toString());
    command.add("test");
    Path log = TARGET.resolve("consumer-build.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("MAVEN_OPTS");
    builder.environment().remove("MAVEN_ARGS");
    Process build = builder.start();
    if (!build.waitFor(5, TimeUnit.MINUTES)) {
      build.destroyForcibly();
      throw new AssertionError("the consumer project's build took more than 5 minutes; see " + log);
    }
    exitCode = build.exitValue();
    output = Files.readString(log, StandardCharsets.UTF_8);
  }

  @Test
  void theConsumerProjectBuildsAndItsTestPassesUnderTheAgentTakenByItsCoordinates() {
    assertThat(exitCode).as(output).isZero();
    assertThat(output)
        .contains("consumer: order-7/c-42")
        .contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0")
        // The agent jar under the name its manifest expects: no warning from it
        .doesNotContainPattern("(?m)^baton-agent: ");
  }

  @Test
  void batonCameFromTheStagingRepository() throws IOException {
    for (String module : List.of("baton-bom", "baton-core", "baton-slf4j", "baton-agent")) {
      Path downloaded = REPOSITORY.resolve("dev/baton/" + module + "/" + VERSION + "/_remote.repositories");
      assertThat(downloaded).as(module).exists();
      assertThat(Files.readString(downloaded)).as(module).contains(">baton-staging=");
    }
  }

  @Test
  void everyPublishedModuleIsInTheBomAndHasItsSourcesAndJavadoc() throws IOException {
    Set<String> published = new TreeSet<>();
    try (Stream<Path> modules = Files.list(STAGING.resolve("dev/baton"))) {
      modules.map(path -> path.getFileName().toString()).forEach(published::add);
    }
    assertThat(published).contains("baton-parent", "baton-bom", "baton-core", "baton-agent", "baton-slf4j");
    published.removeAll(Set.of("baton-parent", "baton-bom"));
    assertThat(published).doesNotContain("baton-examples", "baton-benchmarks", "baton-reliability", "baton-consumer-tests");

    String bom = Files.readString(deployed("baton-bom", ".pom"));
    Set<String> inBom = new TreeSet<>();
    Matcher artifact = Pattern.compile("<artifactId>(baton-[a-z0-9-]+)</artifactId>").matcher(bom);
    while (artifact.find()) {
      inBom.add(artifact.group(1));
    }
    inBom.remove("baton-bom");
    assertThat(inBom).isEqualTo(published);

    for (String module : published) {
      assertThat(deployed(module, "-sources.jar")).as(module).exists();
      assertThat(deployed(module, "-javadoc.jar")).as(module).exists();
      assertThat(Files.readString(deployed(module, ".pom"))).as(module).contains("<description>", "<name>");
    }
  }

  @Test
  void thePublishedPomsCarryWhatMavenCentralRequires() throws IOException {
    for (String pom : List.of(Files.readString(deployed("baton-parent", ".pom")), Files.readString(deployed("baton-bom", ".pom")))) {
      assertThat(pom).contains("<licenses>", "Apache License, Version 2.0", "<scm>", "<url>", "<developers>", "<description>");
    }
  }

  /** The one file of {@code module} whose name ends with {@code suffix} in the staging repository. */
  private static Path deployed(String module, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(STAGING.resolve("dev/baton/" + module + "/" + VERSION))) {
      List<Path> matching =
          files.filter(path -> path.getFileName().toString().endsWith(suffix))
              .filter(path -> suffix.startsWith("-") || !path.getFileName().toString().matches(".*-(sources|javadoc)\\.jar"))
              .sorted()
              .collect(Collectors.toList());
      assertThat(matching).as(module + " *" + suffix).isNotEmpty();
      return matching.get(matching.size() - 1); // the newest of a directory deployed more than once
    }
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      paths.forEach(
          path -> {
            try {
              Files.copy(path, to.resolve(from.relativize(path).toString()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
        Files.delete(path);
      }
    }
  }
}

package dev.baton.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The servers' command line, in JVMs of their own: a wrong argument or a port already taken is one
 * line on standard error and a non-zero exit status, promptly, with no stack trace.
 */
class CommandLineTest {

  /** What a finished server process left: its exit status and its standard error. */
  private record Ended(int status, List<String> errorLines) {}

  @ParameterizedTest
  @ValueSource(classes = {RequestIdLogger.class, NettyRequestIdLogger.class})
  void aPortThatIsNotANumberOrOutOfRangeIsOneLineAndStatusTwo(Class<?> server) throws Exception {
    String name = server.getSimpleName();

    assertThat(launch(server, "--port", "abc"))
        .isEqualTo(new Ended(2, List.of(name + ": --port takes a number from 0 (any free port) to 65535, not 'abc'")));
    assertThat(launch(server, "--port", "70000"))
        .isEqualTo(new Ended(2, List.of(name + ": --port takes a number from 0 (any free port) to 65535, not '70000'")));
    assertThat(launch(server, "--port", "-1").errorLines()).containsExactly(name + ": --port takes a number from 0 (any free port) to 65535, not '-1'");
  }

  @ParameterizedTest
  @ValueSource(classes = {RequestIdLogger.class, NettyRequestIdLogger.class})
  void anUnknownArgumentPrintsTheUsageAndStatusTwo(Class<?> server) throws Exception {
    assertThat(launch(server, "--prot", "8080"))
        .isEqualTo(new Ended(2, List.of("usage: " + server.getSimpleName() + " [--port N]")));
  }

  @ParameterizedTest
  @ValueSource(classes = {RequestIdLogger.class, NettyRequestIdLogger.class})
  void aPortAlreadyTakenIsOneLineAndStatusOneAndTheJvmExits(Class<?> server) throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();

      Ended ended = launch(server, "--port", String.valueOf(port));

      assertThat(ended.status()).isEqualTo(1);
      assertThat(ended.errorLines())
          .singleElement()
          .asString()
          .startsWith(server.getSimpleName() + ": cannot listen on port " + port + ": ");
    }
  }

  private static Ended launch(Class<?> server, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(server.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(exited).as("%s %s exits by itself", server.getSimpleName(), String.join(" ", args)).isTrue();
    String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Ended(process.exitValue(), error.lines().toList());
  }
}

package dev.baton.examples;

import java.io.PrintStream;
import java.net.BindException;
import java.util.OptionalInt;

/**
 * The servers' command line, {@code [--port N]}: whatever is wrong with it, or with starting on
 * that port, is one line on standard error and a non-zero exit status, never a stack trace.
 */
final class CommandLine {

  /** A server kept running on a port, logging to a stream. */
  interface Server {
    /**
     * Starts serving on {@code port} and returns.
     *
     * @throws Exception if the server cannot start
     */
    void serve(int port, PrintStream out) throws Exception;
  }

  /** The demo, logging to a stream. */
  interface Demo {
    /**
     * Runs the demo to its end.
     *
     * @throws Exception if the demo fails
     */
    void run(PrintStream out) throws Exception;
  }

  private CommandLine() {}

  /**
   * Reads {@code args} and runs the demo, or the server on the port given; exits with status 2 on
   * a wrong command line and 1 when either fails.
   */
  static void run(String name, String[] args, Server server, Demo demo) {
    OptionalInt port = OptionalInt.empty();
    if (args.length == 2 && args[0].equals("--port")) {
      port = OptionalInt.of(port(name, args[1]));
    } else if (args.length != 0) {
      exit(2, "usage: " + name + " [--port N]");
    }
    try {
      if (port.isPresent()) {
        server.serve(port.getAsInt(), System.out);
      } else {
        demo.run(System.out);
      }
    } catch (BindException taken) {
      exit(1, name + ": cannot listen on port " + port.orElse(0) + ": " + taken.getMessage());
    } catch (Exception failed) {
      exit(1, name + ": " + failed);
    }
  }

  private static int port(String name, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // told below, as a number out of range is
    }
    exit(2, name + ": --port takes a number from 0 (any free port) to 65535, not '" + value + "'");
    return -1;
  }

  private static void exit(int status, String line) {
    System.err.println(line);
    System.exit(status);
  }
}

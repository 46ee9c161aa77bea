package dev.baton.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code node/micro.mjs} with Node and reads its figures: name to nanoseconds per operation. */
final class NodeMicro {

  private static final Pattern LINE = Pattern.compile("\\{\"name\":\"([^\"]+)\",\"nsPerOp\":([0-9.eE+-]+)}");

  private NodeMicro() {}

  static String version(String node) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
    String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    process.waitFor(30, TimeUnit.SECONDS);
    return version;
  }

  static Map<String, Double> run(String node, boolean quick) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(node, Paths.NODE_SCRIPTS.resolve("micro.mjs").toString()));
    if (quick) {
      command.add("--quick");
    }
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("node micro.mjs failed: " + output);
    }
    Map<String, Double> figures = new LinkedHashMap<>();
    Matcher line = LINE.matcher(output);
    while (line.find()) {
      figures.put(line.group(1), Double.parseDouble(line.group(2)));
    }
    return figures;
  }
}

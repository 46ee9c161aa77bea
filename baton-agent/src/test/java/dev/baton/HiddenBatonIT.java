package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.hidden.HiddenTasks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A class loader that serves only its own classes, as OSGi frameworks and JBoss Modules do unless
 * told to delegate {@code dev.baton.*}: its classes cannot link to Baton's, so the agent leaves
 * them as they are and says so once, rather than making them fail as they are defined or run.
 */
class HiddenBatonIT {

  private static final String HIDDEN = HiddenTasks.class.getPackageName() + ".";
  private static final String HIDDEN_PATH = HIDDEN.replace('.', '/');

  @Test
  void tasksThreadsAndLambdasOfALoaderThatCannotSeeBatonRunUnchangedAndTheAgentSaysSoOnce() throws Exception {
    assertThat(ContextExecutors.agentInstalled()).as("the agent is installed").isTrue();
    ClassLoader loader = new OwnClassesOnly(HiddenTasks.class.getProtectionDomain().getCodeSource().getLocation());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream standardError = System.err;
    Object ran;
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      Method run = loader.loadClass(HiddenTasks.class.getName()).getMethod("run");
      ran = run.invoke(null);
    } finally {
      System.setErr(standardError);
    }

    assertThat(ran).isEqualTo(List.of("task", "lambda", "thread"));
    assertThat(printed.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("cannot see Baton's")))
        .containsExactly(
            "baton-agent: the classes of "
                + loader
                + " cannot see Baton's, on the bootstrap class path, and run unchanged;"
                + " have it delegate dev.baton.* to its parent (OSGi: org.osgi.framework.bootdelegation=dev.baton.*)");
  }

  /** Defines {@code dev.baton.hidden} itself; refuses every other {@code dev.baton} class and resource. */
  private static final class OwnClassesOnly extends URLClassLoader {
    OwnClassesOnly(URL classes) {
      super("own-classes-only", new URL[] {classes}, HiddenBatonIT.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("dev.baton.")) {
        return super.loadClass(name, resolve);
      }
      if (!name.startsWith(HIDDEN)) {
        throw new ClassNotFoundException(name + " is not served by this loader");
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        return loaded != null ? loaded : findClass(name);
      }
    }

    @Override
    public URL getResource(String name) {
      return name.startsWith("dev/baton/") && !name.startsWith(HIDDEN_PATH) ? null : super.getResource(name);
    }

    @Override
    public java.util.Enumeration<URL> getResources(String name) throws IOException {
      return name.startsWith("dev/baton/") && !name.startsWith(HIDDEN_PATH)
          ? java.util.Collections.emptyEnumeration()
          : super.getResources(name);
    }
  }
}

package dev.baton.agent;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reports classes loaded before the agent that could not be retransformed (a class another agent
 * changed in a way the JVM refuses to retransform, say): one line each; they run unchanged. A
 * failing batch is split and retried first, so that one such class never keeps the others from
 * being instrumented.
 */
final class RetransformationListener {

  /** Classes already reported: discovery runs in rounds, and each round may meet them again. */
  private final Set<Class<?>> reported = ConcurrentHashMap.newKeySet();

  private final AtomicBoolean advised = new AtomicBoolean();

  private static boolean changedByAnotherAgent(Throwable error) {
    String message = String.valueOf(error.getMessage());
    return error instanceof UnsupportedOperationException
        && (message.contains("superclass or interfaces") || message.contains("schema"));
  }

  /** {@code failures}: each batch of classes the JVM refused to retransform, with why. */
  void onComplete(Map<List<Class<?>>, Throwable> failures) {
    failures.forEach(
        (batch, error) -> {
          for (Class<?> type : batch) {
            if (reported.add(type)) {
              System.err.println(
                  "baton-agent: could not instrument " + type.getName() + " (" + error + "); it runs unchanged");
            }
            if (changedByAnotherAgent(error) && advised.compareAndSet(false, true)) {
              System.err.println(
                  "baton-agent: an agent started before Baton changed classes in a way the JVM cannot"
                      + " retransform; put -javaagent:baton-agent.jar before it on the command line");
            }
          }
        });
  }
}

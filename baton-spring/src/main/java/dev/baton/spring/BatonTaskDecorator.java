package dev.baton.spring;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextExecutors;
import dev.baton.spring.internal.MdcBridge;
import java.util.Objects;
import org.springframework.core.task.TaskDecorator;

/**
 * A Spring {@link TaskDecorator} that runs each task in the context of the code that submitted
 * it: Baton's stores and, where SLF4J's MDC is a thread-local, the MDC too. The worker gets its own
 * context and MDC back when the task ends, also when it throws.
 *
 * <p>{@link BatonAutoConfiguration} sets it on every executor bean; set it yourself on executors
 * built outside the application context:
 *
 * <pre>{@code
 * ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
 * executor.setTaskDecorator(BatonTaskDecorator.forThisJvm());
 * }</pre>
 */
public final class BatonTaskDecorator implements TaskDecorator {

  private final boolean context;
  private final boolean mdc;

  private BatonTaskDecorator(boolean context, boolean mdc) {
    this.context = context;
    this.mdc = mdc;
  }

  /**
   * Returns the decorator this JVM needs: Baton's context unless the Baton agent already carries
   * it, and the MDC when SLF4J is present and its MDC is not Baton's ({@code baton-slf4j}'s
   * provider keeps the MDC in Baton's context, where it travels with the rest).
   *
   * @return the decorator, which may have nothing to do (see {@link #isNoOp()})
   */
  public static BatonTaskDecorator forThisJvm() {
    return of(!ContextExecutors.agentInstalled(), MdcBridge.isNeeded());
  }

  /**
   * Returns a decorator that carries what it is told to.
   *
   * @param context whether to carry Baton's context
   * @param mdc whether to copy SLF4J's MDC; ignored when SLF4J is absent
   * @return the decorator
   */
  public static BatonTaskDecorator of(boolean context, boolean mdc) {
    return new BatonTaskDecorator(context, mdc && MdcBridge.isAvailable());
  }

  /**
   * Whether this decorator carries Baton's context.
   *
   * @return true when it binds tasks to the submitter's context
   */
  public boolean carriesContext() {
    return context;
  }

  /**
   * Whether this decorator copies SLF4J's MDC.
   *
   * @return true when it gives tasks the submitter's MDC
   */
  public boolean carriesMdc() {
    return mdc;
  }

  /**
   * Whether this decorator returns tasks unchanged.
   *
   * @return true when it carries nothing
   */
  public boolean isNoOp() {
    return !context && !mdc;
  }

  /**
   * Binds {@code runnable} to the submitter's context and MDC, captured now.
   *
   * @param runnable the task
   * @return the task bound to the current context
   * @throws NullPointerException if {@code runnable} is null
   */
  @Override
  public Runnable decorate(Runnable runnable) {
    Runnable task = Objects.requireNonNull(runnable, "runnable");
    if (mdc) {
      task = MdcBridge.capture(task);
    }
    if (context) {
      task = AsyncLocalStorage.bind(task);
    }
    return task;
  }

  @Override
  public String toString() {
    return "BatonTaskDecorator[context=" + context + ", mdc=" + mdc + "]";
  }
}

package dev.baton;

/**
 * An operation that returns a value and may throw a checked exception of type {@code X}.
 *
 * <p>It lets {@link AsyncLocalStorage#call}, {@link Snapshot#call} and {@link
 * AsyncResource#callInAsyncScope} propagate a checked exception to their caller unchanged, which
 * {@link java.util.concurrent.Callable} (always {@code throws Exception}) cannot:
 *
 * <pre>{@code
 * String body = requestId.call(id, () -> Files.readString(path)); // throws IOException only
 * }</pre>
 *
 * @param <R> the type of the result
 * @param <X> the type of exception the operation may throw
 */
@FunctionalInterface
public interface CallableOp<R, X extends Throwable> {

  /**
   * Performs the operation.
   *
   * @return the result
   * @throws X if the operation fails
   */
  R call() throws X;
}

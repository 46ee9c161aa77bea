package dev.baton.examples;

import dev.baton.AsyncHooks;
import dev.baton.AsyncLocalStorage;
import dev.baton.AsyncResource;
import java.io.PrintStream;

/**
 * Binding an event listener, as on Node's {@code AsyncResource} page: a request registers two
 * {@code close} listeners, one bound with {@link AsyncResource#bind(Runnable)} and one plain; the
 * connection manager emits {@code close} later, from its own context. It prints:
 *
 * <pre>
 * bound listener:   requestId=request-1, scope=bound-anonymous-fn
 * unbound listener: requestId=connection-manager, scope=root
 * </pre>
 *
 * The bound listener runs in the context of the code that registered it; the plain one in the
 * context of the code that emitted the event.
 */
public final class BoundListenerExample {

  private static final AsyncLocalStorage<String> requestId = new AsyncLocalStorage<>("requestId");

  private BoundListenerExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Registers the listeners while handling a request, then emits {@code close} from elsewhere.
   *
   * @param out where the listeners print
   */
  public static void run(PrintStream out) {
    EventEmitter req = new EventEmitter();

    requestId.run(
        "request-1",
        () -> {
          // The execution context is bound to the current outer scope
          req.on("close", AsyncResource.bind(() -> out.println("bound listener:   " + where())));
          // The execution context is the one of the code that emits 'close'
          req.on("close", () -> out.println("unbound listener: " + where()));
        });

    requestId.run("connection-manager", () -> req.emit("close"));
  }

  private static String where() {
    Object resource = AsyncHooks.executionAsyncResource();
    String scope = resource instanceof AsyncResource ? ((AsyncResource) resource).type() : "root";
    return "requestId=" + requestId.getStore() + ", scope=" + scope;
  }
}

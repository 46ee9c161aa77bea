package dev.baton.grpc;

import static dev.baton.grpc.LoopbackGrpc.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ContextExecutors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Under {@code -javaagent:baton-agent.jar}, which also instruments the Netty copy inside
 * grpc-netty-shaded: the interceptors and the agent agree, and nothing of a call stays on gRPC's
 * threads.
 */
class GrpcAgentIT {

  @Test
  void tenThousandConcurrentCallsUnderTheAgentSeeOnlyTheirOwnStores() throws Exception {
    assertThat(ContextExecutors.agentInstalled()).isTrue();
    try (LoopbackGrpc grpc = new LoopbackGrpc()) {
      CallLoad.Result result = CallLoad.run(grpc, 10_000);

      assertThat(result.examples).isEmpty();
      assertThat(result.mixUps).isZero();
      assertThat(result.completed).isEqualTo(10_000);
      assertThat(grpc.echo("after")).as("a call without stores, on threads that served the load").isEqualTo("after seen in null");
    }
  }

  @Test
  void workTheHandlerHandsToAnExecutorKeepsTheCallsStores() throws Exception {
    try (LoopbackGrpc grpc = new LoopbackGrpc()) {
      String seen =
          REQUEST_ID.call("r-agent", () -> CompletableFuture.supplyAsync(() -> grpc.echo("async")).get(10, TimeUnit.SECONDS));

      assertThat(seen).isEqualTo("async seen in r-agent");
    }
  }
}

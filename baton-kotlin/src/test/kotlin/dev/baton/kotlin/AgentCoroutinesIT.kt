package dev.baton.kotlin

import dev.baton.ContextExecutors
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/** Under `-javaagent:baton-agent.jar`: the agent's hand-offs and the element agree. */
class AgentCoroutinesIT {

    @Test
    fun `ten thousand coroutines hopping dispatchers under the agent see their own store and leave no thread a context`() {
        assertThat(ContextExecutors.agentInstalled()).isTrue()

        val load = Scenarios.hoppingLoad(10_000)

        assertThat(load.examples).isEmpty()
        assertThat(load.mixUps).isZero()
        assertThat(load.checks).isEqualTo(10_000 * 7)
        assertThat(load.leftOnThreads).containsOnly(null)
    }
}

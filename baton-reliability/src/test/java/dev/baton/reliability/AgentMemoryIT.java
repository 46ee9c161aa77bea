package dev.baton.reliability;

/** What Baton must not keep, under the agent, with plain executors and threads. */
class AgentMemoryIT extends MemoryContract {

  AgentMemoryIT() {
    super(Propagation.AGENT);
  }
}

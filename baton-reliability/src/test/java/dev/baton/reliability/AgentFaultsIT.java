package dev.baton.reliability;

/** The faults, under the agent, with plain executors. */
class AgentFaultsIT extends FaultContract {

  AgentFaultsIT() {
    super(Propagation.AGENT);
  }
}

package dev.baton.reliability;

/** The faults, with Baton's wrappers and no agent. */
class WrappedFaultsTest extends FaultContract {

  WrappedFaultsTest() {
    super(Propagation.WRAPPERS);
  }
}

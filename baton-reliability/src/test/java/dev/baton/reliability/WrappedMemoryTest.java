package dev.baton.reliability;

/** What Baton must not keep, with its wrappers and no agent. */
class WrappedMemoryTest extends MemoryContract {

  WrappedMemoryTest() {
    super(Propagation.WRAPPERS);
  }
}

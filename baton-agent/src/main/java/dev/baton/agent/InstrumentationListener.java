package dev.baton.agent;

/** One line per class that cannot be instrumented (it runs unchanged); with debug, also one per class instrumented. */
final class InstrumentationListener {

  private final boolean debug;

  InstrumentationListener(boolean debug) {
    this.debug = debug;
  }

  /** The class named {@code typeName} was rewritten. */
  void instrumented(String typeName) {
    if (debug) {
      System.err.println("baton-agent: instrumented " + typeName);
    }
  }

  /** The classes of {@code loader} cannot link to Baton's: they run unchanged. */
  void cannotSeeBaton(ClassLoader loader) {
    System.err.println(
        "baton-agent: the classes of "
            + loader
            + " cannot see Baton's, on the bootstrap class path, and run unchanged;"
            + " have it delegate dev.baton.* to its parent (OSGi: org.osgi.framework.bootdelegation=dev.baton.*)");
  }

  /** The class named {@code typeName} could not be instrumented because of {@code error}. */
  void onError(String typeName, Throwable error) {
    System.err.println(
        "baton-agent: could not instrument " + typeName + " (" + error + "); it runs unchanged");
  }
}

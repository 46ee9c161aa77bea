package dev.baton.internal.propagation;

import dev.baton.internal.util.Reports;
import java.util.function.Consumer;

/**
 * Where a propagation reports what it left out (a malformed baggage entry, a value a decoder
 * rejected, a header over the limits), thinned out as {@link Reports} are: a peer can send bad
 * headers on every request.
 */
public final class PropagationReports extends Reports {

  /** Reports to {@code reporter}, or to {@code System.Logger} at warning level when it is null. */
  public PropagationReports(Consumer<String> reporter) {
    super("dev.baton.ContextPropagation", reporter, "Baton propagation: ");
  }
}

package dev.baton.servlet;

import dev.baton.ContextPropagation;
import dev.baton.Scope;
import dev.baton.Snapshot;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Objects;

/**
 * Runs each request in the context its headers carry, as {@link ContextPropagation#extract} reads
 * them: the servlets, filters and handlers after it see the carried stores, and so does the work
 * they hand over. After the request the container's thread is back in its own context, whether
 * the chain returned or threw, so nothing of one request reaches the next one served on that
 * thread. A request without baggage, or with malformed baggage, is served in the container
 * thread's own context (what is malformed is reported by the propagation).
 *
 * <pre>{@code
 * FilterRegistration.Dynamic baton = servletContext.addFilter("baton", new ContextFilter(PROPAGATION));
 * baton.setAsyncSupported(true);
 * baton.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
 * }</pre>
 *
 * <p>Asynchronous requests keep the context too: a task given to {@link AsyncContext#start} runs
 * in it, and a dispatch with {@link AsyncContext#dispatch} runs in it again when the filter is
 * mapped for {@link DispatcherType#ASYNC} (register it with async support, as above). Work the
 * application hands to its own threads carries the context where Baton propagates: under the
 * agent, everywhere; without it, through Baton's wrappers.
 */
@SuppressWarnings("try") // each scope is opened to be closed around the chain
public final class ContextFilter implements Filter {

  /** The request attribute holding the context a request runs in, for its async dispatches. */
  public static final String CONTEXT_ATTRIBUTE = ContextFilter.class.getName() + ".context";

  private final ContextPropagation propagation;

  /**
   * A filter reading the stores {@code propagation} carries.
   *
   * @param propagation which stores requests carry, and how
   * @throws NullPointerException if {@code propagation} is null
   */
  public ContextFilter(ContextPropagation propagation) {
    this.propagation = Objects.requireNonNull(propagation, "propagation");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Object kept = request.getAttribute(CONTEXT_ATTRIBUTE);
    if (kept instanceof Snapshot && request.getDispatcherType() != DispatcherType.REQUEST) {
      try (Scope ignored = ((Snapshot) kept).enter()) {
        chain.doFilter(request, response);
      }
      return;
    }
    if (!(request instanceof HttpServletRequest)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    Snapshot context = propagation.extract(http, ContextFilter::header);
    request.setAttribute(CONTEXT_ATTRIBUTE, context);
    try (Scope ignored = context.enter()) {
      chain.doFilter(new InContext(http, context), response);
    }
  }

  /** Every value of header {@code name}, joined with commas as HTTP allows, or null. */
  private static String header(HttpServletRequest request, String name) {
    Enumeration<String> values = request.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String first = values.nextElement();
    if (!values.hasMoreElements()) {
      return first;
    }
    StringBuilder joined = new StringBuilder(first);
    while (values.hasMoreElements()) {
      joined.append(',').append(values.nextElement());
    }
    return joined.toString();
  }

  @Override
  public String toString() {
    return "ContextFilter(" + propagation + ")";
  }

  /** The request, whose asynchronous tasks run in its context. */
  private static final class InContext extends HttpServletRequestWrapper {
    private final Snapshot context;

    InContext(HttpServletRequest request, Snapshot context) {
      super(request);
      this.context = context;
    }

    @Override
    public AsyncContext startAsync() {
      return new StartingInContext(super.startAsync(), context);
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
      return new StartingInContext(super.startAsync(request, response), context);
    }

    @Override
    public AsyncContext getAsyncContext() {
      return new StartingInContext(super.getAsyncContext(), context);
    }
  }
}

package dev.baton.smoke.orders;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Serves each request in its own request id: the caller's {@code X-Request-Id}, or a new one. */
@Component
class RequestIdFilter extends OncePerRequestFilter {

  static final String HEADER = "X-Request-Id";

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader(HEADER);
    String id = given == null || given.isBlank() ? UUID.randomUUID().toString() : given;
    response.setHeader(HEADER, id);
    try {
      OrdersApplication.REQUEST_ID.run(
          id,
          () -> {
            try {
              chain.doFilter(request, response);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            } catch (ServletException e) {
              throw new FilterFailure(e);
            }
            return null;
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (FilterFailure e) {
      throw (ServletException) e.getCause();
    }
  }

  /** Carries a {@link ServletException} out of the lambda. */
  private static final class FilterFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FilterFailure(ServletException cause) {
      super(cause);
    }
  }
}

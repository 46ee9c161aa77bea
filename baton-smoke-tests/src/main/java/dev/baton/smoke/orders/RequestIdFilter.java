package dev.baton.smoke.orders;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
      OrdersApplication.REQUEST_ID.call(
          id,
          () -> {
            chain.doFilter(request, response);
            return null;
          });
    } catch (IOException | ServletException | RuntimeException passedOn) {
      throw passedOn;
    } catch (Exception impossible) {
      // doFilter throws nothing else that is checked
      throw new ServletException(impossible);
    }
  }
}

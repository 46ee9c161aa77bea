package dev.baton.smoke.orders;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/** Audits orders on Spring's task executor. */
@Service
class AuditService {

  private static final Logger log = LoggerFactory.getLogger(AuditService.class);

  @Async
  CompletableFuture<Void> record(int number) {
    log.info("order={} audited", number);
    return CompletableFuture.completedFuture(null);
  }
}

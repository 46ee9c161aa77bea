package dev.baton.smoke.orders;

import org.springframework.data.jpa.repository.JpaRepository;

/** Orders, in H2 through HikariCP. */
public interface OrderRepository extends JpaRepository<Order, Long> {}

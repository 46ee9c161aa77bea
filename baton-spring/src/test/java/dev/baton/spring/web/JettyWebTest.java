package dev.baton.spring.web;

import org.junit.jupiter.api.BeforeAll;

/** {@link ServletWebTest}'s cases with the application on embedded Jetty, as spring-boot-starter-jetty serves it. */
class JettyWebTest extends ServletWebTest {

  @BeforeAll
  static void start() {
    app = WebApps.startOnJetty(WebApps.ServletApp.class);
    port = WebApps.port(app);
  }

  @Override
  String server() {
    return "Jetty";
  }
}

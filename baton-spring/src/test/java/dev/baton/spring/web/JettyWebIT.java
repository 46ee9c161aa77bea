package dev.baton.spring.web;

/** {@link JettyWebTest}'s cases, under the agent. */
class JettyWebIT extends JettyWebTest {}

package dev.baton.spring.web;

/** {@link ServletWebTest}'s cases, under the agent. */
class ServletWebIT extends ServletWebTest {}

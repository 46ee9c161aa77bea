package dev.baton.servlet;

/** {@link ContextFilterTest}'s cases on Tomcat and Jetty, under the agent. */
class ContextFilterIT extends ContextFilterTest {}

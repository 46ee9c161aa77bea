package dev.baton.http;

/** {@link ContextHttpClientTest}'s cases, under the agent. */
class ContextHttpClientIT extends ContextHttpClientTest {}

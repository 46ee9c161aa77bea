package dev.baton.http;

/** {@link ContextOkHttpClientTest}'s cases, under the agent. */
class ContextOkHttpClientIT extends ContextOkHttpClientTest {}

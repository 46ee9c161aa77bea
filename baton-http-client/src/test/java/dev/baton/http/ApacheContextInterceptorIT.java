package dev.baton.http;

/** {@link ApacheContextInterceptorTest}'s cases, under the agent. */
class ApacheContextInterceptorIT extends ApacheContextInterceptorTest {}

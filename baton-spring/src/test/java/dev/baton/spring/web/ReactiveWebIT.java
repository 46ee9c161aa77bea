package dev.baton.spring.web;

/** {@link ReactiveWebTest}'s cases, under the agent: without Reactor's automatic propagation as well. */
class ReactiveWebIT extends ReactiveWebTest {}

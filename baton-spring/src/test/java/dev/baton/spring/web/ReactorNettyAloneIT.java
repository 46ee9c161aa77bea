package dev.baton.spring.web;

/** {@link ReactorNettyAloneTest}'s cases, under the agent. */
class ReactorNettyAloneIT extends ReactorNettyAloneTest {}

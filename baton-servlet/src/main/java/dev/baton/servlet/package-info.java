/**
 * Baton for Jakarta Servlet containers: {@link dev.baton.servlet.ContextFilter} runs each request
 * in the context its headers carry.
 */
package dev.baton.servlet;

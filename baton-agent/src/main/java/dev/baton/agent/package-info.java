/**
 * The {@code -javaagent} that makes Baton's context follow work automatically. <strong>Not a
 * public API</strong>: use it as {@code -javaagent:baton-agent.jar}; its classes may change in any
 * release.
 */
package dev.baton.agent;

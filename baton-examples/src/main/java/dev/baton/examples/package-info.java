/**
 * The examples of Node's async context tracking page as Java programs: the request-id HTTP
 * logger ({@link dev.baton.examples.RequestIdLogger}), the worker pool with an {@code
 * AsyncResource} per task ({@link dev.baton.examples.WorkerPoolExample}) and binding an event
 * listener ({@link dev.baton.examples.BoundListenerExample}).
 */
package dev.baton.examples;

package dev.baton.servlet;

import dev.baton.Snapshot;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/** A request's {@link AsyncContext}, whose {@link #start} runs its task in the request's context. */
final class StartingInContext implements AsyncContext {

  private final AsyncContext async;
  private final Snapshot context;

  StartingInContext(AsyncContext async, Snapshot context) {
    this.async = async;
    this.context = context;
  }

  @Override
  public void start(Runnable run) {
    async.start(context.wrap(run));
  }

  @Override
  public ServletRequest getRequest() {
    return async.getRequest();
  }

  @Override
  public ServletResponse getResponse() {
    return async.getResponse();
  }

  @Override
  public boolean hasOriginalRequestAndResponse() {
    return async.hasOriginalRequestAndResponse();
  }

  @Override
  public void dispatch() {
    async.dispatch();
  }

  @Override
  public void dispatch(String path) {
    async.dispatch(path);
  }

  @Override
  public void dispatch(ServletContext servletContext, String path) {
    async.dispatch(servletContext, path);
  }

  @Override
  public void complete() {
    async.complete();
  }

  @Override
  public void addListener(AsyncListener listener) {
    async.addListener(listener);
  }

  @Override
  public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
    async.addListener(listener, request, response);
  }

  @Override
  public <T extends AsyncListener> T createListener(Class<T> listenerClass) throws ServletException {
    return async.createListener(listenerClass);
  }

  @Override
  public void setTimeout(long timeout) {
    async.setTimeout(timeout);
  }

  @Override
  public long getTimeout() {
    return async.getTimeout();
  }
}

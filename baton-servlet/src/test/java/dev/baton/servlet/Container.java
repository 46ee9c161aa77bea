package dev.baton.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real servlet container on loopback: filters in order, mapped for requests and async
 * dispatches, and servlets by path, all with async support.
 */
public abstract class Container implements AutoCloseable {

  final Map<String, Filter> filters = new LinkedHashMap<>();
  final Map<String, HttpServlet> servlets = new LinkedHashMap<>();

  /** Adds a filter, after those added before. */
  public Container filter(String name, Filter filter) {
    filters.put(name, filter);
    return this;
  }

  /** Adds a servlet at {@code path}. */
  public Container servlet(String path, HttpServlet servlet) {
    servlets.put(path, servlet);
    return this;
  }

  /** Starts serving on a free port of 127.0.0.1. */
  public abstract Container start() throws Exception;

  /** The port it serves on. */
  public abstract int port();

  /** Tomcat 11, embedded. */
  public static Container tomcat() {
    return new TomcatContainer();
  }

  /** Jetty 12, embedded. */
  public static Container jetty() {
    return new JettyContainer();
  }

  private static final class TomcatContainer extends Container {
    /** Tomcat logs its start and stop at INFO through java.util.logging: its warnings show. */
    private static final java.util.logging.Logger TOMCAT = java.util.logging.Logger.getLogger("org.apache");

    static {
      TOMCAT.setLevel(java.util.logging.Level.WARNING);
    }

    private Tomcat tomcat;

    @Override
    public Container start() throws Exception {
      Path base = Files.createTempDirectory("tomcat");
      tomcat = new Tomcat();
      tomcat.setBaseDir(base.toString());
      tomcat.setPort(0);
      tomcat.getConnector().setProperty("address", "127.0.0.1");
      Context context = tomcat.addContext("", base.toString());
      for (Map.Entry<String, Filter> filter : filters.entrySet()) {
        FilterDef definition = new FilterDef();
        definition.setFilterName(filter.getKey());
        definition.setFilter(filter.getValue());
        definition.setAsyncSupported("true");
        context.addFilterDef(definition);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName(filter.getKey());
        mapping.addURLPattern("/*");
        mapping.setDispatcher(DispatcherType.REQUEST.name());
        mapping.setDispatcher(DispatcherType.ASYNC.name());
        context.addFilterMap(mapping);
      }
      for (Map.Entry<String, HttpServlet> servlet : servlets.entrySet()) {
        String name = "servlet" + servlet.getKey();
        Tomcat.addServlet(context, name, servlet.getValue()).setAsyncSupported(true);
        context.addServletMappingDecoded(servlet.getKey(), name);
      }
      tomcat.start();
      return this;
    }

    @Override
    public int port() {
      return tomcat.getConnector().getLocalPort();
    }

    @Override
    public void close() throws Exception {
      tomcat.stop();
      tomcat.destroy();
    }

    @Override
    public String toString() {
      return "Tomcat";
    }
  }

  private static final class JettyContainer extends Container {
    private Server server;
    private ServerConnector connector;

    @Override
    public Container start() throws Exception {
      server = new Server();
      connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler handler = new ServletContextHandler();
      handler.setContextPath("/");
      for (Filter filter : filters.values()) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        handler.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
      }
      for (Map.Entry<String, HttpServlet> servlet : servlets.entrySet()) {
        ServletHolder holder = new ServletHolder(servlet.getValue());
        holder.setAsyncSupported(true);
        handler.addServlet(holder, servlet.getKey());
      }
      server.setHandler(handler);
      server.start();
      return this;
    }

    @Override
    public int port() {
      return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      server.stop();
    }

    @Override
    public String toString() {
      return "Jetty";
    }
  }
}

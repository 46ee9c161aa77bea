package dev.baton.spring.web;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import reactor.core.publisher.Mono;

/** Real Spring Boot web applications on loopback, with Baton's auto-configuration found as users get it. */
final class WebApps {

  static final AsyncLocalStorage<String> REQUEST_ID = new AsyncLocalStorage<>("requestId");
  /** Not a storage: for the test of a wrong property. */
  static final Object NOT_A_STORAGE = new Object();

  private WebApps() {}

  /** Starts {@code app}; a servlet application on embedded Tomcat, although Jetty is there too. */
  static ConfigurableApplicationContext start(Class<?> app, WebApplicationType type, String... properties) {
    SpringApplicationBuilder builder = builder(app, type).properties(properties);
    if (type == WebApplicationType.SERVLET) {
      builder.initializers(on("Tomcat", "tomcat"));
    }
    return builder.run();
  }

  /** Starts a servlet application on embedded Jetty, although Tomcat is there too. */
  static ConfigurableApplicationContext startOnJetty(Class<?> app) {
    return builder(app, WebApplicationType.SERVLET).initializers(on("Jetty", "jetty")).run();
  }

  /** {@code app} on a free loopback port, quiet but for warnings. */
  private static SpringApplicationBuilder builder(Class<?> app, WebApplicationType type) {
    return new SpringApplicationBuilder(app)
        .web(type)
        .properties("spring.main.banner-mode=off", "logging.level.root=warn", "server.port=0", "server.address=127.0.0.1");
  }

  /** Registers Spring Boot's factory of {@code server}, found in Spring Boot 4's package or in Spring Boot 3's. */
  private static ApplicationContextInitializer<ConfigurableApplicationContext> on(String server, String module) {
    String type = server + "ServletWebServerFactory";
    for (String name :
        new String[] {
          "org.springframework.boot." + module + ".servlet." + type,
          "org.springframework.boot.web.embedded." + module + "." + type
        }) {
      try {
        Class<?> factory = Class.forName(name);
        return context -> ((GenericApplicationContext) context).registerBean(module + "WebServerFactory", factory);
      } catch (ClassNotFoundException notThisVersion) {
        // the other version's
      }
    }
    throw new IllegalStateException("no " + type + ": add spring-boot-starter-" + module);
  }

  /** Starts an application expected to fail, without Spring Boot's report of the failure. */
  static void startFailing(Class<?> app, WebApplicationType type, String... properties) {
    String[] quiet = {
      "logging.level.org.springframework=off", "logging.level.org.apache=off", "logging.level.org.eclipse.jetty=off"
    };
    String[] all = java.util.Arrays.copyOf(properties, properties.length + quiet.length);
    System.arraycopy(quiet, 0, all, properties.length, quiet.length);
    start(app, type, all).close();
  }

  static int port(ApplicationContext app) {
    return app.getEnvironment().getProperty("local.server.port", Integer.class);
  }

  /** The request id the code calling it sees, or "none". */
  static String seen() {
    String id = REQUEST_ID.getStore();
    return id == null ? "none" : id;
  }

  /**
   * Reactor Netty's event loops and connections of the application's own. By default an
   * application uses the global ones and disposes of them as it closes, under the feet of the
   * other applications a test class runs.
   */
  @Configuration(proxyBeanMethods = false)
  static class OwnReactorResources {
    @Bean
    ReactorResourceFactory ownReactorResources() {
      ReactorResourceFactory resources = new ReactorResourceFactory();
      resources.setUseGlobalResources(false);
      return resources;
    }
  }

  /** A servlet application carrying {@link #REQUEST_ID}, through Baton's auto-configuration. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(OwnReactorResources.class)
  static class ServletApp {
    @Bean
    ContextPropagation propagation() {
      // One per application: what it reports is thinned per propagation
      return ContextPropagation.builder().carry(REQUEST_ID).build();
    }

    @Bean
    Endpoints endpoints(Environment environment, ApplicationContext context) {
      return new Endpoints(environment, context);
    }

    /** Made by the application itself, not from Spring Boot's builder. */
    @Bean
    RestTemplate plainRestTemplate() {
      return new RestTemplate();
    }

    @Bean
    RenderedIn renderedIn() {
      return new RenderedIn();
    }

    @Bean
    FilterRegistrationBean<Filter> leakCheck() {
      FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(LEFT_ON_THREADS::check);
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      registration.setAsyncSupported(true);
      registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
      return registration;
    }
  }

  /** The same application with no propagation of its own: the property names its store. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(OwnReactorResources.class)
  static class PropertyApp {
    @Bean
    Endpoints endpoints(Environment environment, ApplicationContext context) {
      return new Endpoints(environment, context);
    }
  }

  /** What container threads held around a request, as a filter before Baton's sees it. */
  static final LeftOnThreads LEFT_ON_THREADS = new LeftOnThreads();

  /**
   * Records a request id found on a container thread where none may be: any, around a request's
   * first dispatch; another request's, around its asynchronous dispatch. (Under the agent an
   * asynchronous dispatch runs in the context of the thread that asked for it, the request's own.)
   */
  static final class LeftOnThreads {
    final Queue<String> found = new ConcurrentLinkedQueue<>();

    void check(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
      String own = ownId((HttpServletRequest) request);
      boolean first = request.getDispatcherType() == DispatcherType.REQUEST;
      record("before", first, own);
      try {
        chain.doFilter(request, response);
      } finally {
        record("after", first, own);
      }
    }

    private void record(String when, boolean first, String own) {
      String held = REQUEST_ID.getStore();
      if (held != null && (first || !held.equals(own))) {
        found.add(when + (first ? " the request: " : " its dispatch: ") + held + " (the request's own: " + own + ")");
      }
    }

    private static String ownId(HttpServletRequest request) {
      String baggage = request.getHeader("baggage");
      return baggage != null && baggage.startsWith("requestId=") ? baggage.substring("requestId=".length()) : null;
    }
  }

  @RestController
  static class Endpoints {
    private final Environment environment;
    private final ApplicationContext context;

    Endpoints(Environment environment, ApplicationContext context) {
      this.environment = environment;
      this.context = context;
    }

    @GetMapping("/seen")
    String seenHere() {
      return seen();
    }

    @GetMapping("/deferred")
    DeferredResult<String> deferred() {
      DeferredResult<String> result = new DeferredResult<>();
      // Completed from a thread of the application's own, started with no context
      Thread completing = new Thread(() -> result.setResult("deferred"));
      REQUEST_ID.exit(completing::start);
      return result;
    }

    @GetMapping("/callable")
    Callable<String> callable() {
      return () -> "callable in " + seen();
    }

    @GetMapping("/future")
    CompletableFuture<String> future() {
      AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
      return CompletableFuture.supplyAsync(() -> "future in " + seen(), executor);
    }

    @GetMapping("/hop/{client}")
    String hop(@PathVariable String client) throws ReflectiveOperationException {
      String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
      String answer;
      switch (client) {
        case "rest-client":
          answer = context.getBean(RestClient.Builder.class).baseUrl(base).build().get().uri("/seen").retrieve().body(String.class);
          break;
        case "rest-template":
          answer = restTemplate().getForObject(base + "/seen", String.class);
          break;
        case "rest-template-bean":
          answer = context.getBean("plainRestTemplate", RestTemplate.class).getForObject(base + "/seen", String.class);
          break;
        case "web-client":
          answer =
              context.getBean(WebClient.Builder.class).baseUrl(base).build().get().uri("/seen").retrieve()
                  .bodyToMono(String.class)
                  .map(body -> body + " (handled in " + seen() + ")")
                  .block(Duration.ofSeconds(10));
          break;
        default:
          throw new IllegalArgumentException(client);
      }
      return "answered " + answer + " to " + seen();
    }

    /** From Boot's RestTemplateBuilder, whose package differs between Spring Boot 3 and 4. */
    private RestTemplate restTemplate() throws ReflectiveOperationException {
      Object builder = context.getBean("restTemplateBuilder");
      Method build = builder.getClass().getMethod("build");
      return (RestTemplate) build.invoke(builder);
    }
  }

  /** Says in which context each String response is rendered: after an asynchronous result, on its dispatch. */
  @ControllerAdvice
  static class RenderedIn implements ResponseBodyAdvice<Object> {
    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
      return true;
    }

    @Override
    public Object beforeBodyWrite(
        Object body,
        MethodParameter returnType,
        MediaType selectedContentType,
        Class<? extends HttpMessageConverter<?>> selectedConverterType,
        ServerHttpRequest request,
        ServerHttpResponse response) {
      return body instanceof String ? body + ", rendered in " + seen() : body;
    }
  }

  /** A reactive application on Reactor Netty carrying {@link #REQUEST_ID}. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(OwnReactorResources.class)
  static class ReactiveApp {
    @Bean
    ContextPropagation propagation() {
      // One per application: what it reports is thinned per propagation
      return ContextPropagation.builder().carry(REQUEST_ID).build();
    }

    @Bean
    ReactiveEndpoints reactiveEndpoints(Environment environment, WebClient.Builder webClients) {
      return new ReactiveEndpoints(environment, webClients);
    }
  }

  @RestController
  static class ReactiveEndpoints {
    private final Environment environment;
    private final WebClient.Builder webClients;

    ReactiveEndpoints(Environment environment, WebClient.Builder webClients) {
      this.environment = environment;
      this.webClients = webClients;
    }

    @GetMapping("/seen")
    Mono<String> seenHere() {
      return Mono.just(seen());
    }

    @GetMapping("/later")
    Mono<String> later() {
      return Mono.delay(Duration.ofMillis(5)).map(tick -> "later in " + seen());
    }

    @GetMapping("/hop")
    Mono<String> hop() {
      return webClients.baseUrl("http://127.0.0.1:" + environment.getProperty("local.server.port")).build()
          .get().uri("/seen").retrieve().bodyToMono(String.class)
          .map(body -> "answered " + body + " to " + seen());
    }
  }
}

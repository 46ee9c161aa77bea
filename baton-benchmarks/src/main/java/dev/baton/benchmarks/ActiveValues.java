package dev.baton.benchmarks;

import com.alibaba.ttl.TransmittableThreadLocal;
import dev.baton.AsyncLocalStorage;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * N values made current on the calling thread in each library, the same way an application would:
 * one instance (storage, key, thread local) per value, set one after another. Benchmarks read the
 * value set last (the innermost: the request inside the tenant inside the trace) or the one set
 * first.
 */
final class ActiveValues {

  final int count;
  final List<AsyncLocalStorage<String>> storages = new ArrayList<>();
  final List<ThreadLocal<String>> threadLocals = new ArrayList<>();
  final List<TransmittableThreadLocal<String>> transmittables = new ArrayList<>();
  final List<ContextKey<String>> openTelemetryKeys = new ArrayList<>();
  final List<io.grpc.Context.Key<String>> grpcKeys = new ArrayList<>();
  final ContextSnapshotFactory micrometer;
  private final List<Scope> openTelemetryScopes = new ArrayList<>();
  private final List<io.grpc.Context> grpcPrevious = new ArrayList<>();

  ActiveValues(int count) {
    this.count = count;
    ContextRegistry registry = new ContextRegistry();
    Context openTelemetry = Context.root();
    io.grpc.Context grpc = io.grpc.Context.ROOT;
    for (int i = 0; i < count; i++) {
      String value = "value-" + i;
      AsyncLocalStorage<String> storage = new AsyncLocalStorage<>("storage-" + i);
      storage.enterWith(value);
      storages.add(storage);
      ThreadLocal<String> threadLocal = new ThreadLocal<>();
      threadLocal.set(value);
      threadLocals.add(threadLocal);
      registry.registerThreadLocalAccessor("key-" + i, threadLocal);
      TransmittableThreadLocal<String> transmittable = new TransmittableThreadLocal<>();
      transmittable.set(value);
      transmittables.add(transmittable);
      ContextKey<String> openTelemetryKey = ContextKey.named("key-" + i);
      openTelemetry = openTelemetry.with(openTelemetryKey, value);
      openTelemetryKeys.add(openTelemetryKey);
      io.grpc.Context.Key<String> grpcKey = io.grpc.Context.key("key-" + i);
      grpc = grpc.withValue(grpcKey, value);
      grpcKeys.add(grpcKey);
    }
    openTelemetryScopes.add(openTelemetry.makeCurrent());
    grpcPrevious.add(grpc.attach());
    micrometer = ContextSnapshotFactory.builder().contextRegistry(registry).build();
  }

  AsyncLocalStorage<String> innermostStorage() {
    return storages.get(count - 1);
  }

  /** The index of the value set last or, with {@code setFirst}, of the one set first. */
  int index(boolean setFirst) {
    return setFirst ? 0 : count - 1;
  }

  ThreadLocal<String> innermostThreadLocal() {
    return threadLocals.get(count - 1);
  }

  TransmittableThreadLocal<String> innermostTransmittable() {
    return transmittables.get(count - 1);
  }

  ContextKey<String> innermostOpenTelemetryKey() {
    return openTelemetryKeys.get(count - 1);
  }

  io.grpc.Context.Key<String> innermostGrpcKey() {
    return grpcKeys.get(count - 1);
  }

  /** Leaves every library's context as it was: benchmarks run one after another on one thread. */
  void close() {
    storages.forEach(AsyncLocalStorage::disable);
    threadLocals.forEach(ThreadLocal::remove);
    transmittables.forEach(TransmittableThreadLocal::remove);
    openTelemetryScopes.forEach(Scope::close);
    io.grpc.Context.current().detach(grpcPrevious.get(0));
  }
}

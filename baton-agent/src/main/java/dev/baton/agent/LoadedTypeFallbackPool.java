package dev.baton.agent;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Describes types from their class files, as ByteBuddy does by default, and falls back to the
 * loaded class when no class file can be found: classes that agents append to the bootstrap class
 * path at run time (Baton's own, OpenTelemetry's) cannot be read as resources, and the interfaces
 * other agents add to JDK classes are such classes.
 *
 * <p>What was read from a class file is kept per class loader across transformations: matching a
 * class by its supertypes reads the same few class files ({@code Object}, {@code Runnable}, a
 * framework's base classes) for every class loaded, and reading them again each time was most of
 * the agent's cost at start-up. The cache holds neither its loader (a web application's loader is
 * collected on undeploy) nor the class being defined (hidden classes, lambdas among them, share a
 * name), and it is bounded.
 */
final class LoadedTypeFallbackPool implements AgentBuilder.PoolStrategy {

  static final LoadedTypeFallbackPool INSTANCE = new LoadedTypeFallbackPool();

  /** Enough for the supertypes an application's classes share; the least recently used go first. */
  private static final int DESCRIPTIONS_PER_LOADER = 2048;

  private final Map<ClassLoader, Descriptions> byLoader = Collections.synchronizedMap(new WeakHashMap<>());

  private final Descriptions bootLoader = new Descriptions();

  private LoadedTypeFallbackPool() {}

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader) {
    return typePool(classFileLocator, classLoader, null);
  }

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader, String name) {
    Descriptions shared =
        classLoader == null ? bootLoader : byLoader.computeIfAbsent(classLoader, loader -> new Descriptions());
    return new TypePool.Default.WithLazyResolution(
        new FallbackCache(shared, classLoader, name), classFileLocator, TypePool.Default.ReaderMode.FAST);
  }

  /** One loader's descriptions read from class files, least recently used evicted. */
  private static final class Descriptions {
    private final Map<String, TypePool.Resolution> byName =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, TypePool.Resolution> eldest) {
            return size() > DESCRIPTIONS_PER_LOADER;
          }
        };

    synchronized TypePool.Resolution find(String name) {
      return byName.get(name);
    }

    synchronized void keep(String name, TypePool.Resolution resolution) {
      byName.put(name, resolution);
    }
  }

  /**
   * One transformation's cache: the loader's shared descriptions for what came from class files,
   * its own for the class being defined. Every description refers to its pool, and the pool to
   * this cache: nothing here may hold the loader strongly.
   */
  private static final class FallbackCache implements TypePool.CacheProvider {
    private final Map<String, TypePool.Resolution> own = new ConcurrentHashMap<>();
    private final Descriptions shared;
    private final WeakReference<ClassLoader> classLoader;
    private final String beingDefined;

    FallbackCache(Descriptions shared, ClassLoader classLoader, String beingDefined) {
      this.shared = shared;
      this.classLoader = new WeakReference<>(classLoader);
      this.beingDefined = beingDefined;
    }

    @Override
    public TypePool.Resolution find(String name) {
      TypePool.Resolution resolution = own.get(name);
      return resolution != null || name.equals(beingDefined) ? resolution : shared.find(name);
    }

    @Override
    public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      if (!resolution.isResolved()) {
        // Not kept: a loaded class's description holds its loader, which the cache must not
        return loaded(name, resolution);
      }
      if (name.equals(beingDefined)) {
        TypePool.Resolution previous = own.putIfAbsent(name, resolution);
        return previous == null ? resolution : previous;
      }
      shared.keep(name, resolution);
      return resolution;
    }

    private TypePool.Resolution loaded(String name, TypePool.Resolution unresolved) {
      try {
        // Only for names without a class file: never the class being defined, whose bytes are at hand
        return new TypePool.Resolution.Simple(
            TypeDescription.ForLoadedType.of(Class.forName(name, false, classLoader.get())));
      } catch (ClassNotFoundException | LinkageError notLoadable) {
        return unresolved;
      }
    }

    @Override
    public void clear() {
      own.clear();
    }
  }
}

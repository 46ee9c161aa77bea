package dev.baton.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Describes types from their class files, as ByteBuddy does by default, and falls back to the
 * loaded class when no class file can be found: classes that agents append to the bootstrap class
 * path at run time (Baton's own, OpenTelemetry's) cannot be read as resources, and the interfaces
 * other agents add to JDK classes are such classes.
 */
final class LoadedTypeFallbackPool implements AgentBuilder.PoolStrategy {

  static final LoadedTypeFallbackPool INSTANCE = new LoadedTypeFallbackPool();

  private LoadedTypeFallbackPool() {}

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader) {
    return new TypePool.Default.WithLazyResolution(
        new FallbackCache(classLoader), classFileLocator, TypePool.Default.ReaderMode.FAST);
  }

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader, String name) {
    return typePool(classFileLocator, classLoader);
  }

  /**
   * The pool caches what it read from each class file; where there was none, this caches the
   * loaded class's description instead, so that every later lookup of the name sees it.
   */
  private static final class FallbackCache implements TypePool.CacheProvider {
    private final TypePool.CacheProvider cache = TypePool.CacheProvider.Simple.withObjectType();
    private final ClassLoader classLoader;

    FallbackCache(ClassLoader classLoader) {
      this.classLoader = classLoader;
    }

    @Override
    public TypePool.Resolution find(String name) {
      return cache.find(name);
    }

    @Override
    public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      return cache.register(name, resolution.isResolved() ? resolution : loaded(name, resolution));
    }

    private TypePool.Resolution loaded(String name, TypePool.Resolution unresolved) {
      try {
        // Only for names without a class file: never the class being defined, whose bytes are at hand
        return new TypePool.Resolution.Simple(
            TypeDescription.ForLoadedType.of(Class.forName(name, false, classLoader)));
      } catch (ClassNotFoundException | LinkageError notLoadable) {
        return unresolved;
      }
    }

    @Override
    public void clear() {
      cache.clear();
    }
  }
}

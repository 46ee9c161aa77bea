package dev.baton.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * The agent's class file transformer: {@link Transformations} applied with ByteBuddy to the
 * classes {@link RelevantClasses} lets through, as they are defined and as they are retransformed.
 *
 * <p>It does what ByteBuddy's {@code AgentBuilder} does for the agent's configuration (decorating
 * the class file as it is, describing it from a pool of class files or, when retransformed, from
 * the loaded class), without building that machinery at start-up: the builder made its own
 * transformer class with ByteBuddy and instantiated it through an eighteen-argument reflective
 * constructor, which on recent JDKs spins method handles; together about a quarter of the agent's
 * {@code premain}.
 *
 * <p>The JVM does not call transformers again for a class loaded during a transformation; lambda
 * classes, which the agent hands here itself, would be: one defined while this transformer runs
 * on the same thread is left as it is. Classes loaded while the agent decides which of those
 * loaded before it to retransform are found in the next round ({@link LoadedCandidates}).
 */
final class AgentTransformer implements ClassFileTransformer {

  private static final String LAMBDA = "$$Lambda";

  /** Set while the current thread transforms or decides: it does not transform on the way. */
  private static final ThreadLocal<Boolean> TRANSFORMING = new ThreadLocal<>();

  private final ByteBuddy byteBuddy;
  private final Transformations transformations;
  private final InstrumentationListener listener;
  private final LoadedCandidates loadedCandidates;
  private final Instrumentation instrumentation;
  private final Module batonModule;

  AgentTransformer(
      ByteBuddy byteBuddy,
      Transformations transformations,
      InstrumentationListener listener,
      LoadedCandidates loadedCandidates,
      Instrumentation instrumentation,
      Module batonModule) {
    this.byteBuddy = byteBuddy;
    this.transformations = transformations;
    this.listener = listener;
    this.loadedCandidates = loadedCandidates;
    this.instrumentation = instrumentation;
    this.batonModule = batonModule;
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String internalName,
      Class<?> redefined,
      ProtectionDomain domain,
      byte[] classFile) {
    if (internalName == null
        || (redefined == null && !RelevantClasses.relevant(internalName, classFile, loader))
        || !enter()) {
      return null;
    }
    String name = internalName.replace('/', '.');
    try {
      ClassFileLocator locator =
          new ClassFileLocator.Compound(
              ClassFileLocator.Simple.of(name, classFile), ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
      TypePool pool = LoadedTypeFallbackPool.INSTANCE.typePool(locator, loader, name);
      if (redefined == null) {
        return transform(pool.describe(name).resolve(), locator, pool, loader, module, redefined, domain);
      }
      try {
        return transform(TypeDescription.ForLoadedType.of(redefined), locator, pool, loader, module, redefined, domain);
      } catch (LinkageError | TypeNotPresentException unresolvable) {
        // A type the loaded class refers to cannot be resolved by reflection: its class file says
        return transform(pool.describe(name).resolve(), locator, pool, loader, module, redefined, domain);
      }
    } catch (Throwable error) {
      listener.onError(name, loader, JavaModule.of(module), redefined != null, error);
      return null;
    } finally {
      if (redefined == null) {
        loadedCandidates.defined(name, loader);
      }
      TRANSFORMING.remove();
    }
  }

  private byte[] transform(
      TypeDescription type,
      ClassFileLocator locator,
      TypePool pool,
      ClassLoader loader,
      Module module,
      Class<?> redefined,
      ProtectionDomain domain) {
    JavaModule javaModule = JavaModule.of(module);
    List<AgentBuilder.Transformer> applying = applyingTo(type, loader, javaModule, redefined, domain);
    if (applying.isEmpty()) {
      return null;
    }
    DynamicType.Builder<?> builder = byteBuddy.decorate(type, locator);
    for (AgentBuilder.Transformer transformer : applying) {
      builder = transformer.transform(builder, type, loader, javaModule, domain);
    }
    DynamicType.Unloaded<?> transformed = builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool);
    readBaton(module);
    listener.onTransformation(type, loader, javaModule, redefined != null, transformed);
    return transformed.getBytes();
  }

  /** Whether {@code type}, loaded before the agent, is one a transformation applies to. */
  boolean appliesTo(Class<?> type) {
    if (!instrumentation.isModifiableClass(type) || !enter()) {
      return false;
    }
    try {
      TypeDescription description = TypeDescription.ForLoadedType.of(type);
      return !applyingTo(description, type.getClassLoader(), JavaModule.ofType(type), type, type.getProtectionDomain())
          .isEmpty();
    } catch (RuntimeException | LinkageError undecided) {
      // Its retransformation describes it from its class file, or reports why it cannot
      return true;
    } finally {
      TRANSFORMING.remove();
    }
  }

  private List<AgentBuilder.Transformer> applyingTo(
      TypeDescription type, ClassLoader loader, JavaModule module, Class<?> redefined, ProtectionDomain domain) {
    return ignores(type, loader) ? List.of() : transformations.applyingTo(type, loader, module, redefined, domain);
  }

  /**
   * Classes no instrumentation may change: those ignored by name ({@link RelevantClasses.ByName}),
   * synthetic classes but lambdas, and Baton itself.
   */
  private static boolean ignores(TypeDescription type, ClassLoader loader) {
    String name = type.getName();
    return RelevantClasses.ByName.of(name) == RelevantClasses.ByName.IGNORED
        || (type.isSynthetic() && !name.contains(LAMBDA))
        || RelevantClasses.isBatonItself(name, loader);
  }

  /** The classes of a named module call Baton's once advised: the module must read Baton's. */
  private void readBaton(Module module) {
    if (module != null && module.isNamed() && !module.canRead(batonModule)) {
      instrumentation.redefineModule(module, Set.of(batonModule), Map.of(), Map.of(), Set.of(), Map.of());
    }
  }

  private static boolean enter() {
    if (TRANSFORMING.get() != null) {
      return false;
    }
    TRANSFORMING.set(Boolean.TRUE);
    return true;
  }
}

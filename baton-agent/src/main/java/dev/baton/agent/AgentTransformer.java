package dev.baton.agent;

import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;

/**
 * The agent's class file transformer: {@link Transformations} applied to the classes {@link
 * RelevantClasses} lets through, as they are defined and as they are retransformed.
 *
 * <p>A class is matched from its class file ({@link ClassShape}), with its supertypes found by
 * {@link Hierarchy}; the transformations that apply rewrite the class file with ASM directly
 * ({@link Rewrite}). Nothing of ByteBuddy's type descriptions or code generation runs on the
 * way: starting them cold (their dispatchers, which make the JDK generate proxy classes, type
 * pools, type writers, advice) was most of the agent's {@code premain}.
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

  private final Transformations transformations;
  private final InstrumentationListener listener;
  private final LoadedCandidates loadedCandidates;
  private final Instrumentation instrumentation;
  private final Module batonModule;

  AgentTransformer(
      Transformations transformations,
      InstrumentationListener listener,
      LoadedCandidates loadedCandidates,
      Instrumentation instrumentation,
      Module batonModule) {
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
      if (!BatonVisibility.seenFrom(loader, listener)) {
        return null;
      }
      return transform(ClassShape.of(classFile), classFile, loader, module, redefined);
    } catch (Throwable error) {
      listener.onError(name, error);
      return null;
    } finally {
      if (redefined == null) {
        loadedCandidates.defined(name, loader);
      }
      TRANSFORMING.remove();
    }
  }

  private byte[] transform(ClassShape type, byte[] classFile, ClassLoader loader, Module module, Class<?> redefined) {
    List<Rewrite> applying = applyingTo(type, loader, redefined);
    if (applying.isEmpty()) {
      return null;
    }
    byte[] rewritten = rewrite(type, classFile, applying);
    readBaton(module);
    listener.instrumented(type.name());
    return rewritten;
  }

  /**
   * {@code classFile}, of {@code type}, as {@code rewrites} make it. Hooks that several add to one
   * method nest in their order: the first one's code runs first on entry and last on exit.
   */
  static byte[] rewrite(ClassShape type, byte[] classFile, List<Rewrite> rewrites) {
    ClassReader reader = new ClassReader(classFile);
    // Sharing the reader's constant pool, the writer copies the methods no rewrite touches as they are
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    ClassVisitor visitor = writer;
    for (Rewrite rewrite : rewrites) {
      visitor = rewrite.visitor(type, visitor);
    }
    reader.accept(visitor, ClassReader.EXPAND_FRAMES);
    return writer.toByteArray();
  }

  /**
   * Whether {@code type}, loaded before the agent, is one a transformation applies to, matched from
   * its class file as its loader finds it: a class without one is retransformed, and its
   * retransformation decides from the bytes the JVM gives.
   */
  boolean appliesTo(Class<?> type) {
    if (!instrumentation.isModifiableClass(type) || !enter()) {
      return false;
    }
    try {
      byte[] classFile = Hierarchy.classFile(type.getName(), type.getClassLoader());
      return classFile == null || !applyingTo(ClassShape.of(classFile), type.getClassLoader(), type).isEmpty();
    } catch (IOException | RuntimeException | LinkageError undecided) {
      // Its retransformation reads it from the JVM's bytes, or reports why it cannot
      return true;
    } finally {
      TRANSFORMING.remove();
    }
  }

  private List<Rewrite> applyingTo(ClassShape type, ClassLoader loader, Class<?> redefined) {
    return ignores(type, loader) ? List.of() : transformations.applyingTo(type, loader, redefined);
  }

  /**
   * Classes no instrumentation may change: those ignored by name ({@link RelevantClasses.ByName}),
   * synthetic classes but lambdas, and Baton itself.
   */
  private static boolean ignores(ClassShape type, ClassLoader loader) {
    String name = type.name();
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

package dev.baton.agent;

import java.io.IOException;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Which of the few supertypes the agent cares about (an executor, a task, a thread...) a class
 * has, worked out once per class name and class loader. ByteBuddy's {@code isSubTypeOf} walks a
 * class's whole hierarchy again for every matcher and every class loaded; with a dozen matchers,
 * that walk was most of what the agent cost an application's start-up. Here each class's answer
 * is a bit set, built from its superclass's and interfaces' bit sets, kept for later classes.
 */
final class Hierarchy {

  static final String EXECUTOR = "java.util.concurrent.Executor";
  static final String RUNNABLE = "java.lang.Runnable";
  static final String CALLABLE = "java.util.concurrent.Callable";
  static final String REJECTION_HANDLER = "java.util.concurrent.RejectedExecutionHandler";
  static final String THREAD = "java.lang.Thread";
  static final String FORK_JOIN_WORKER = "java.util.concurrent.ForkJoinWorkerThread";
  static final String COMPLETION = "java.util.concurrent.CompletableFuture$Completion";
  static final String VERTX_LISTENER = "io.vertx.core.Completable";

  /** The supertypes known, each its bit. */
  private static final List<String> KNOWN =
      List.of(EXECUTOR, RUNNABLE, CALLABLE, REJECTION_HANDLER, THREAD, FORK_JOIN_WORKER, COMPLETION, VERTX_LISTENER);

  /** Every bit: a class some of whose supertypes could not be read may have any of them. */
  static final int UNKNOWN = -1;

  /** More than the classes of a large application: past it, a loader's answers start over. */
  private static final int CLASSES_PER_LOADER = 200_000;

  private static final Map<ClassLoader, Map<String, Integer>> BY_LOADER =
      Collections.synchronizedMap(new WeakHashMap<>());

  private static final Map<String, Integer> BOOT_LOADER = new ConcurrentHashMap<>();

  /**
   * The names of the methods the instrumentations matched by supertype advise, declared with
   * {@link #declaring}: a class declaring none of them has nothing they could rewrite.
   */
  private static final Set<String> ADVISED_METHODS = ConcurrentHashMap.newKeySet();

  private Hierarchy() {}

  /**
   * The start of a {@link Match} for an instrumentation that advises only methods named one of
   * {@code methodNames}, declared in the class it rewrites.
   */
  static Declaring declaring(String... methodNames) {
    return new Declaring(Set.of(methodNames));
  }

  /** The methods an instrumentation advises, before the supertypes it matches. */
  static final class Declaring {
    private final Set<String> methodNames;

    private Declaring(Set<String> methodNames) {
      this.methodNames = methodNames;
    }

    /** Matches classes that are, or extend or implement, one of {@code supertypes}. */
    Match subTypeOf(String... supertypes) {
      ADVISED_METHODS.addAll(methodNames);
      return new Match(bits(supertypes), 0, ElementMatchers.any());
    }
  }

  /**
   * Whether an instrumentation matched by supertype may rewrite the class being defined from
   * {@code classFile}: it declares a method one advises, and it has one of the supertypes (see
   * {@code ofClassFile}). Most classes declare none of those methods and are ruled out from their
   * own class file, without reading a supertype's; their supertypes' bits are still kept for their
   * subclasses when already known.
   */
  static boolean mayInstrument(String name, byte[] classFile, ClassLoader classLoader) {
    ClassFileHeader header = new ClassFileHeader(classFile);
    if (header.declaresMethodNamed(ADVISED_METHODS)) {
      ClassFileLocator classFiles =
          classLoader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(classLoader);
      return ofClassFile(name, header, classLoader, classFiles) != 0;
    }
    // Kept for its subclasses from what is known already: no class file is read for it
    ofClassFile(name, header, classLoader, ClassFileLocator.NoOp.INSTANCE);
    return false;
  }

  private static int bits(String... names) {
    int bits = 0;
    for (String name : names) {
      int index = KNOWN.indexOf(name);
      if (index < 0) {
        throw new IllegalArgumentException("not a supertype Hierarchy knows: " + name);
      }
      bits |= 1 << index;
    }
    return bits;
  }

  /** The bits of the known supertypes of {@code type}, itself included. */
  static int of(TypeDescription type, ClassLoader classLoader) {
    return of(type, knownIn(classLoader));
  }

  private static Map<String, Integer> knownIn(ClassLoader classLoader) {
    return classLoader == null
        ? BOOT_LOADER
        : BY_LOADER.computeIfAbsent(classLoader, loader -> new ConcurrentHashMap<>());
  }

  /**
   * As {@link #of(TypeDescription, ClassLoader)}, for a class being defined, from its class file's
   * {@code header}: read from class file headers only (its own, then those of its supertypes not
   * known yet, as {@code classFiles} finds them, never loading them); {@code UNKNOWN} when a
   * supertype's class file cannot be found.
   */
  private static int ofClassFile(String name, ClassFileHeader header, ClassLoader classLoader, ClassFileLocator classFiles) {
    Map<String, Integer> known = knownIn(classLoader);
    Integer bits = known.get(name);
    if (bits != null) {
      return bits;
    }
    return fromHeader(name, header, known, classFiles);
  }

  /**
   * As {@link #of(TypeDescription, ClassLoader)}, for a class already loaded, read by reflection:
   * its supertypes are loaded too, so nothing is parsed or loaded to answer.
   */
  static int ofLoaded(Class<?> type) {
    return ofLoaded(type, knownIn(type.getClassLoader()));
  }

  private static int ofLoaded(Class<?> type, Map<String, Integer> known) {
    String name = type.getName();
    Integer bits = known.get(name);
    if (bits != null) {
      return bits;
    }
    int found = ownBit(name);
    Class<?> superClass = type.getSuperclass();
    if (superClass != null) {
      found |= ofLoaded(superClass, knownIn(superClass.getClassLoader()));
    }
    for (Class<?> implemented : type.getInterfaces()) {
      found |= ofLoaded(implemented, knownIn(implemented.getClassLoader()));
    }
    keep(name, found, known);
    return found;
  }

  private static int fromHeader(String name, ClassFileHeader header, Map<String, Integer> known, ClassFileLocator locator) {
    int found = ownBit(name);
    String superName = header.superName();
    if (superName != null) {
      found |= ofName(superName.replace('/', '.'), known, locator);
    }
    for (String implemented : header.interfaces()) {
      found |= ofName(implemented.replace('/', '.'), known, locator);
    }
    if (found != UNKNOWN) {
      keep(name, found, known);
    }
    return found;
  }

  private static int ofName(String name, Map<String, Integer> known, ClassFileLocator locator) {
    Integer bits = known.get(name);
    if (bits != null) {
      return bits;
    }
    try {
      ClassFileLocator.Resolution classFile = locator.locate(name);
      return classFile.isResolved() ? fromHeader(name, new ClassFileHeader(classFile.resolve()), known, locator) : UNKNOWN;
    } catch (IOException | RuntimeException unreadable) {
      return UNKNOWN;
    }
  }

  private static int of(TypeDefinition type, Map<String, Integer> known) {
    String name = type.asErasure().getName();
    Integer bits = known.get(name);
    if (bits != null) {
      return bits;
    }
    int found = ownBit(name);
    boolean complete = true;
    try {
      TypeDescription.Generic superClass = type.getSuperClass();
      if (superClass != null) {
        found |= of(superClass.asErasure(), known);
      }
      for (TypeDescription.Generic implemented : type.getInterfaces()) {
        found |= of(implemented.asErasure(), known);
      }
    } catch (RuntimeException unresolvable) {
      // A supertype without a class file: what could be found counts, and is not kept
      complete = false;
    }
    if (complete) {
      keep(name, found, known);
    }
    return found;
  }

  /** The bit of {@code name} itself, when it is one of the supertypes known. */
  private static int ownBit(String name) {
    int index = KNOWN.indexOf(name);
    return index < 0 ? 0 : 1 << index;
  }

  private static void keep(String name, int bits, Map<String, Integer> known) {
    // Hidden classes (lambdas among them) may share a name: only their own definition asks
    if (!name.contains("$$Lambda") && name.indexOf('/') < 0) {
      if (known.size() >= CLASSES_PER_LOADER) {
        known.clear();
      }
      known.put(name, bits);
    }
  }

  /** A class with at least one of some supertypes, none of others, and what an element matcher adds. */
  static final class Match implements AgentBuilder.RawMatcher {
    private final int anyOf;
    private final int noneOf;
    private final ElementMatcher<? super TypeDescription> also;

    private Match(int anyOf, int noneOf, ElementMatcher<? super TypeDescription> also) {
      this.anyOf = anyOf;
      this.noneOf = noneOf;
      this.also = also;
    }

    /** This, for classes that are none of {@code supertypes} either. */
    Match butNot(String... supertypes) {
      return new Match(anyOf, noneOf | bits(supertypes), also);
    }

    /** This, for classes {@code matcher} matches too; asked only of those with the supertypes. */
    Match and(ElementMatcher<? super TypeDescription> matcher) {
      return new Match(anyOf, noneOf, ElementMatchers.<TypeDescription>any().and(also).and(matcher));
    }

    @Override
    public boolean matches(
        TypeDescription type,
        ClassLoader classLoader,
        JavaModule module,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain) {
      int bits = of(type, classLoader);
      return (bits & anyOf) != 0 && (bits & noneOf) == 0 && also.matches(type);
    }
  }
}

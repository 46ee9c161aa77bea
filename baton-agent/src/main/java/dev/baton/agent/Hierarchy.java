package dev.baton.agent;

import dev.baton.internal.handoff.TaskCarrier;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

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
  static final String SERIALIZABLE = "java.io.Serializable";

  /**
   * Classes the agent gave a field to carry contexts in: seen on loaded classes (by reflection)
   * and on those given it since the agent started ({@link #carries}), not in class files read.
   */
  static final String CARRIER = TaskCarrier.class.getName();

  /** The supertypes known, each its bit. */
  private static final List<String> KNOWN =
      List.of(
          EXECUTOR, RUNNABLE, CALLABLE, REJECTION_HANDLER, THREAD, FORK_JOIN_WORKER, COMPLETION, VERTX_LISTENER,
          SERIALIZABLE, CARRIER);

  /** The bootstrap loader's class files, its own resources only. */
  private static final ClassLoader BOOT_CLASS_FILES = new ClassLoader(null) {};

  /** Every bit: a class some of whose supertypes could not be read may have any of them. */
  static final int UNKNOWN = -1;

  /** More than the classes of a large application: past it, a loader's answers start over. */
  private static final int CLASSES_PER_LOADER = 200_000;

  /*
   * Everything the transformer runs for a class being defined may need no class of its own that is
   * not loaded yet: when the class being defined is that class, the JVM throws a
   * ClassCircularityError and keeps it as the answer of that reference for good. Hence plain maps
   * under locks here, and no lambdas, rather than the concurrent classes the transformer sees
   * being defined (a ConcurrentHashMap's iterators, its nodes for a resize, are loaded lazily).
   */

  private static final Map<ClassLoader, Map<String, Integer>> BY_LOADER =
      Collections.synchronizedMap(new WeakHashMap<>());

  private static final Map<String, Integer> BOOT_LOADER = Collections.synchronizedMap(new HashMap<>());

  /**
   * The names of the methods the instrumentations matched by supertype advise, declared with
   * {@link #declaring}: a class declaring none of them has nothing they could rewrite. Replaced,
   * never changed, as instrumentations are added.
   */
  private static volatile Set<String> advisedMethods = Set.of();

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
      synchronized (Hierarchy.class) {
        Set<String> more = new HashSet<>(advisedMethods);
        more.addAll(methodNames);
        advisedMethods = Set.copyOf(more);
      }
      return new Match(bits(supertypes), 0, null);
    }
  }

  /**
   * Whether an instrumentation matched by supertype may rewrite the class being defined from
   * {@code classFile}: it declares a method one advises, and it has one of the supertypes (see
   * {@link #of(ClassShape, ClassLoader, Class)}). Most classes declare none of those methods and
   * are ruled out from their own class file, without reading a supertype's; their supertypes' bits
   * are still kept for their subclasses when already known.
   */
  static boolean mayInstrument(String name, byte[] classFile, ClassLoader classLoader) {
    ClassFileHeader header = new ClassFileHeader(classFile);
    Map<String, Integer> known = knownIn(classLoader);
    Integer bits = known.get(name);
    if (header.declaresMethodNamed(advisedMethods)) {
      return matchesAny(
          bits != null ? bits : fromSupertypes(name, header.superName(), List.of(header.interfaces()), known, classLoader, true));
    }
    if (bits == null) {
      // Kept for its subclasses from what is known already: no class file is read for it
      fromSupertypes(name, header.superName(), List.of(header.interfaces()), known, classLoader, false);
    }
    return false;
  }

  /**
   * Whether a class with {@code bits} has a supertype some instrumentation matches: being
   * serializable or carrying a field matters only to those it matches already.
   */
  static boolean matchesAny(int bits) {
    return (bits & ~(ownBit(SERIALIZABLE) | ownBit(CARRIER))) != 0;
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

  /**
   * The bits of the known supertypes of {@code type}, itself included: of the loaded class by
   * reflection when it is being retransformed ({@code redefined}), else read from class files (its
   * supertypes', as {@code classLoader} finds them, never loading them, unless a supertype has none
   * to find: then it is the loaded class's), {@link #UNKNOWN} when a supertype is nowhere.
   */
  static int of(ClassShape type, ClassLoader classLoader, Class<?> redefined) {
    if (redefined != null) {
      return ofLoaded(redefined);
    }
    Map<String, Integer> known = knownIn(classLoader);
    Integer bits = known.get(type.name());
    return bits != null ? bits : fromSupertypes(type.name(), type.superName(), type.interfaces(), known, classLoader, true);
  }

  /**
   * The bits of {@code type}'s superclass (0 for none), read as {@link #of(ClassShape, ClassLoader,
   * Class)} reads the class's.
   */
  static int ofSuperclass(ClassShape type, ClassLoader classLoader) {
    return type.superName() == null ? 0 : ofName(type.superName(), knownIn(classLoader), classLoader, true);
  }

  /** The bit of {@code supertype}, one of those known. */
  static int bit(String supertype) {
    return bits(supertype);
  }

  /**
   * The class named {@code name} of {@code classLoader} was given the field that carries contexts:
   * its subclasses, defined later, have it already.
   */
  static void carries(String name, ClassLoader classLoader) {
    Map<String, Integer> known = knownIn(classLoader);
    Integer bits = known.get(name);
    if (bits != null && bits != UNKNOWN) {
      keep(name, bits | ownBit(CARRIER), known);
    }
  }

  private static Map<String, Integer> knownIn(ClassLoader classLoader) {
    if (classLoader == null) {
      return BOOT_LOADER;
    }
    synchronized (BY_LOADER) {
      Map<String, Integer> known = BY_LOADER.get(classLoader);
      if (known == null) {
        known = Collections.synchronizedMap(new HashMap<>());
        BY_LOADER.put(classLoader, known);
      }
      return known;
    }
  }

  /**
   * As {@link #of(ClassShape, ClassLoader, Class)} for a class already loaded, read by reflection:
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

  /**
   * The bits of the class {@code name}, from its supertypes' internal names; those not known yet
   * are read from their class files when {@code read}, else they make it {@link #UNKNOWN}.
   */
  private static int fromSupertypes(
      String name, String superName, List<String> interfaces, Map<String, Integer> known, ClassLoader loader, boolean read) {
    int found = ownBit(name);
    if (superName != null) {
      found |= ofName(superName.replace('/', '.'), known, loader, read);
    }
    for (String implemented : interfaces) {
      found |= ofName(implemented.replace('/', '.'), known, loader, read);
    }
    if (found != UNKNOWN) {
      keep(name, found, known);
    }
    return found;
  }

  private static int ofName(String name, Map<String, Integer> known, ClassLoader loader, boolean read) {
    Integer bits = known.get(name);
    if (bits != null || !read) {
      return bits != null ? bits : UNKNOWN;
    }
    try {
      byte[] classFile = classFile(name, loader);
      if (classFile != null) {
        ClassFileHeader header = new ClassFileHeader(classFile);
        return fromSupertypes(name, header.superName(), List.of(header.interfaces()), known, loader, true);
      }
      // No class file to read (classes appended to the bootstrap class path, or defined by other
      // agents): the loaded class, which is there already when anything refers to it
      return ofLoaded(Class.forName(name, false, loader));
    } catch (IOException | RuntimeException | LinkageError | ClassNotFoundException unreadable) {
      return UNKNOWN;
    }
  }

  /** The class file of the class {@code name} as {@code loader} finds it, or null. */
  static byte[] classFile(String name, ClassLoader loader) throws IOException {
    String resource = name.replace('.', '/') + ".class";
    try (InputStream in = (loader == null ? BOOT_CLASS_FILES : loader).getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    }
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

  /** A class with at least one of some supertypes, none of others, and what another matcher adds. */
  static final class Match extends TypeMatcher {
    private final int anyOf;
    private final int noneOf;
    private final TypeMatcher also;

    private Match(int anyOf, int noneOf, TypeMatcher also) {
      this.anyOf = anyOf;
      this.noneOf = noneOf;
      this.also = also;
    }

    /** This, for classes that are none of {@code supertypes} either. */
    Match butNot(String... supertypes) {
      return new Match(anyOf, noneOf | bits(supertypes), also);
    }

    /** This, for classes {@code matcher} matches too; asked only of those with the supertypes. */
    @Override
    Match and(TypeMatcher matcher) {
      return new Match(anyOf, noneOf, also == null ? matcher : also.and(matcher));
    }

    /**
     * Whether the class has the supertypes; one with a supertype found nowhere does not match: the
     * JVM refuses to define it anyway (libraries probing for optional dependencies do that).
     */
    @Override
    boolean matches(ClassShape type, ClassLoader loader, Class<?> redefined) {
      int bits = of(type, loader, redefined);
      return bits != UNKNOWN
          && (bits & anyOf) != 0
          && (bits & noneOf) == 0
          && (also == null || also.matches(type, loader, redefined));
    }
  }
}

package dev.baton.agent;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether a class loader's classes can link to Baton's, on the bootstrap class path: hooked code
 * calls {@link Hooks}, and task classes implement Baton's {@code TaskCarrier}. Most loaders ask
 * their parent first, up to the bootstrap loader; some serve only what they are told to (OSGi
 * frameworks without {@code org.osgi.framework.bootdelegation=dev.baton.*}, JBoss Modules without
 * {@code jboss.modules.system.pkgs}). Their classes are left as they are: rewritten, they would
 * fail as they are defined or run. Decided once per loader, from its resources, loading nothing.
 */
final class BatonVisibility {

  private static final String HOOKS = Hooks.class.getName().replace('.', '/') + ".class";

  private static final Map<ClassLoader, Boolean> BY_LOADER = Collections.synchronizedMap(new WeakHashMap<>());

  private BatonVisibility() {}

  /**
   * Whether {@code loader} (null: the bootstrap loader) finds Baton's classes; the first time it is
   * found not to, {@code listener} hears of it.
   */
  static boolean seenFrom(ClassLoader loader, InstrumentationListener listener) {
    if (loader == null) {
      return true;
    }
    Boolean seen = BY_LOADER.get(loader);
    if (seen == null) {
      boolean found = loader.getResource(HOOKS) != null;
      seen = BY_LOADER.putIfAbsent(loader, found);
      if (seen == null) {
        seen = found;
        if (!found) {
          listener.cannotSeeBaton(loader);
        }
      }
    }
    return seen;
  }
}

package dev.baton.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Hooks added to the methods and constructors they match, among those a class declares. Several
 * hooks on one method nest: the one given first runs first on entry and last on exit.
 *
 * <pre>{@code
 * MethodHooks.of().hook(named("fork").and(takesArguments(0)), new ForkAdvice());
 * }</pre>
 */
final class MethodHooks implements Rewrite {

  private final List<Entry> entries;

  private MethodHooks(List<Entry> entries) {
    this.entries = entries;
  }

  /** No hook yet: add them with {@link #hook}. */
  static MethodHooks of() {
    return new MethodHooks(List.of());
  }

  /** These hooks, and {@code hook} on the methods and constructors {@code methods} matches. */
  MethodHooks hook(MethodMatcher methods, Hook hook) {
    List<Entry> more = new ArrayList<>(entries);
    more.add(new Entry(methods, hook));
    return new MethodHooks(List.copyOf(more));
  }

  @Override
  public ClassVisitor visitor(ClassShape type, ClassVisitor next) {
    Map<String, List<Hook>> byMethod = new HashMap<>();
    for (ClassShape.Member method : type.methods()) {
      if (method.isAbstract() || method.isNative() || method.name().equals("<clinit>")) {
        continue;
      }
      for (Entry entry : entries) {
        if (entry.methods.matches(method)) {
          String key = method.name() + method.descriptor();
          List<Hook> hooks = byMethod.get(key);
          if (hooks == null) {
            hooks = new ArrayList<>(1);
            byMethod.put(key, hooks);
          }
          hooks.add(entry.hook);
        }
      }
    }
    return byMethod.isEmpty() ? next : new Hooking(next, byMethod);
  }

  private static final class Hooking extends ClassVisitor {
    private final Map<String, List<Hook>> byMethod;
    private String owner;
    private int version;

    Hooking(ClassVisitor next, Map<String, List<Hook>> byMethod) {
      super(Opcodes.ASM9, next);
      this.byMethod = byMethod;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
      this.owner = name;
      this.version = version;
      super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
      List<Hook> hooks = byMethod.get(name + descriptor);
      if (hooks == null || visitor == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
        return visitor;
      }
      for (Hook hook : hooks) {
        visitor = new HookVisitor(visitor, hook, owner, access, name, descriptor, version);
      }
      return visitor;
    }
  }

  private static final class Entry {
    final MethodMatcher methods;
    final Hook hook;

    Entry(MethodMatcher methods, Hook hook) {
      this.methods = methods;
      this.hook = hook;
    }
  }
}

package dev.baton.agent;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies advice classes to the methods they match. Each advice class is read once, the first
 * time a class needs it, rather than for every class it is applied to as ByteBuddy's {@code
 * Transformer.ForAdvice} does: reading it was a large part of the agent's start-up.
 */
final class AdviceTransformer implements AgentBuilder.Transformer {

  /**
   * The advice classes' files: the bootstrap loader's resources when the JVM put the agent jar on
   * its path at start-up, the system loader's when the agent appended it later.
   */
  private static final ClassFileLocator ADVICE_CLASSES =
      new ClassFileLocator.Compound(
          ClassFileLocator.ForClassLoader.of(AdviceTransformer.class.getClassLoader()),
          ClassFileLocator.ForClassLoader.ofSystemLoader());

  private final List<Entry> entries;

  private AdviceTransformer(List<Entry> entries) {
    this.entries = entries;
  }

  /** No advice yet: add it with {@link #advice(ElementMatcher, Class)}. */
  static AdviceTransformer of() {
    return new AdviceTransformer(List.of());
  }

  /** This transformer, and the advice class applied to the methods and constructors matched. */
  AdviceTransformer advice(ElementMatcher<? super MethodDescription> methods, Class<?> adviceClass) {
    List<Entry> more = new ArrayList<>(entries);
    more.add(new Entry(methods, adviceClass));
    return new AdviceTransformer(List.copyOf(more));
  }

  @Override
  public DynamicType.Builder<?> transform(
      DynamicType.Builder<?> builder,
      TypeDescription type,
      ClassLoader classLoader,
      JavaModule module,
      ProtectionDomain protectionDomain) {
    for (Entry entry : entries) {
      builder = builder.visit(entry.wrapper());
    }
    return builder;
  }

  /** One advice class and the methods it applies to, read when first needed. */
  private static final class Entry {
    private final ElementMatcher<? super MethodDescription> methods;
    private final Class<?> adviceClass;
    private volatile AsmVisitorWrapper wrapper;

    Entry(ElementMatcher<? super MethodDescription> methods, Class<?> adviceClass) {
      this.methods = methods;
      this.adviceClass = adviceClass;
    }

    AsmVisitorWrapper wrapper() {
      AsmVisitorWrapper read = wrapper;
      if (read == null) {
        // Two threads may both read it: the same result, kept once
        read = Advice.to(TypeDescription.ForLoadedType.of(adviceClass), ADVICE_CLASSES).on(methods);
        wrapper = read;
      }
      return read;
    }
  }
}

package dev.baton.agent;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * What the agent does to classes: each boundary's types, each beside what is done to them, in the
 * order they apply to a class that several match. Immutable: adding returns a new list.
 *
 * <pre>{@code
 * Transformations.none()
 *     .type(NamedTypes.named("java.util.Timer"))
 *     .transform(MethodHooks.of().hook(named("sched"), new TimerScheduleAdvice()));
 * }</pre>
 */
final class Transformations {

  private static final Transformations NONE = new Transformations(List.of());

  private final List<Transformation> transformations;

  private Transformations(List<Transformation> transformations) {
    this.transformations = transformations;
  }

  /** No transformation yet. */
  static Transformations none() {
    return NONE;
  }

  /** The types that the transformation given next applies to. */
  Matched type(ElementMatcher<? super TypeDescription> types) {
    return type(new AgentBuilder.RawMatcher.ForElementMatchers(types));
  }

  /** The types that the transformation given next applies to, decided with their loader at hand. */
  Matched type(AgentBuilder.RawMatcher types) {
    return new Matched(types);
  }

  /** What applies to {@code type}, in order; empty when nothing does. */
  List<Rewrite> applyingTo(
      TypeDescription type, ClassLoader loader, JavaModule module, Class<?> redefined, ProtectionDomain domain) {
    List<Rewrite> applying = new ArrayList<>(2);
    for (Transformation transformation : transformations) {
      if (transformation.types.matches(type, loader, module, redefined, domain)) {
        applying.add(transformation.rewrite);
      }
    }
    return applying;
  }

  /** Types matched, waiting for what is done to them. */
  final class Matched {
    private final AgentBuilder.RawMatcher types;

    private Matched(AgentBuilder.RawMatcher types) {
      this.types = types;
    }

    /** The transformations so far, and this one. */
    Transformations transform(Rewrite rewrite) {
      List<Transformation> more = new ArrayList<>(transformations);
      more.add(new Transformation(types, rewrite));
      return new Transformations(List.copyOf(more));
    }
  }

  private record Transformation(AgentBuilder.RawMatcher types, Rewrite rewrite) {}
}

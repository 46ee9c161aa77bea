package dev.baton.agent;

import java.util.ArrayList;
import java.util.List;

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
  Matched type(TypeMatcher types) {
    return new Matched(types);
  }

  /**
   * What applies to {@code type} of {@code loader}, in order; empty when nothing does. {@code
   * redefined} is the loaded class when it is being retransformed.
   */
  List<Rewrite> applyingTo(ClassShape type, ClassLoader loader, Class<?> redefined) {
    List<Rewrite> applying = new ArrayList<>(2);
    for (Transformation transformation : transformations) {
      if (transformation.types.matches(type, loader, redefined)) {
        applying.add(transformation.rewrite);
      }
    }
    return applying;
  }

  /** Types matched, waiting for what is done to them. */
  final class Matched {
    private final TypeMatcher types;

    private Matched(TypeMatcher types) {
      this.types = types;
    }

    /** The transformations so far, and this one. */
    Transformations transform(Rewrite rewrite) {
      List<Transformation> more = new ArrayList<>(transformations);
      more.add(new Transformation(types, rewrite));
      return new Transformations(List.copyOf(more));
    }
  }

  private static final class Transformation {
    final TypeMatcher types;
    final Rewrite rewrite;

    Transformation(TypeMatcher types, Rewrite rewrite) {
      this.types = types;
      this.rewrite = rewrite;
    }
  }
}

package dev.baton.spring.web;

import dev.baton.Scope;
import dev.baton.Snapshot;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.util.context.Context;

/**
 * Delivers a publisher's signals in one context, on whichever thread emits them: what its
 * subscriber runs for each signal (operators, callbacks, decoders) runs in that context, and the
 * emitting thread is back in its own afterwards.
 */
@SuppressWarnings("try") // each scope is opened to be closed around one signal
final class SignalsInContext<T> implements CoreSubscriber<T> {

  private final CoreSubscriber<? super T> actual;
  private final Snapshot context;

  private SignalsInContext(CoreSubscriber<? super T> actual, Snapshot context) {
    this.actual = actual;
    this.context = context;
  }

  /** {@code source}, its signals delivered in {@code context}. */
  static <T> Mono<T> in(Snapshot context, Mono<T> source) {
    return new MonoOperator<T, T>(source) {
      @Override
      public void subscribe(CoreSubscriber<? super T> actual) {
        source.subscribe(new SignalsInContext<>(actual, context));
      }
    };
  }

  /** {@code source}, its signals delivered in {@code context}. */
  static <T> Flux<T> in(Snapshot context, Flux<T> source) {
    return new FluxOperator<T, T>(source) {
      @Override
      public void subscribe(CoreSubscriber<? super T> actual) {
        source.subscribe(new SignalsInContext<>(actual, context));
      }
    };
  }

  @Override
  public Context currentContext() {
    return actual.currentContext();
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    try (Scope ignored = context.enter()) {
      actual.onSubscribe(subscription);
    }
  }

  @Override
  public void onNext(T value) {
    try (Scope ignored = context.enter()) {
      actual.onNext(value);
    }
  }

  @Override
  public void onError(Throwable error) {
    try (Scope ignored = context.enter()) {
      actual.onError(error);
    }
  }

  @Override
  public void onComplete() {
    try (Scope ignored = context.enter()) {
      actual.onComplete();
    }
  }
}

package dev.baton.slf4j.internal;

import dev.baton.AsyncLocalStorage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One context's MDC: its entries and its stacks, both immutable, so that a captured context keeps
 * the MDC it had when captured whatever the code that captured it does next.
 */
public record MdcState(Map<String, String> values, Map<String, List<String>> deques) {

  public static final MdcState EMPTY = new MdcState(Map.of(), Map.of());

  /** Where the MDC lives in each context. */
  public static final AsyncLocalStorage<MdcState> STORAGE = new AsyncLocalStorage<>("slf4j.mdc");

  /** An immutable copy of {@code map} without its null keys and values. */
  public static Map<String, String> copyOf(Map<String, String> map) {
    Map<String, String> copy = new HashMap<>(map.size() * 2);
    map.forEach(
        (key, value) -> {
          if (key != null && value != null) {
            copy.put(key, value);
          }
        });
    return Collections.unmodifiableMap(copy);
  }

  public MdcState withValues(Map<String, String> newValues) {
    return newValues.equals(values) ? this : new MdcState(newValues, deques);
  }

  /** Putting a null value removes the key: {@code MDC.put(key, null)} then reads back null. */
  public MdcState with(String key, String value) {
    if (value == null) {
      return without(key);
    }
    if (value.equals(values.get(key))) {
      return this;
    }
    Map<String, String> copy = new HashMap<>(values);
    copy.put(key, value);
    return new MdcState(Collections.unmodifiableMap(copy), deques);
  }

  public MdcState without(String key) {
    if (!values.containsKey(key)) {
      return this;
    }
    Map<String, String> copy = new HashMap<>(values);
    copy.remove(key);
    return new MdcState(Collections.unmodifiableMap(copy), deques);
  }

  public MdcState push(String key, String value) {
    List<String> stack = new ArrayList<>(deques.getOrDefault(key, List.of()));
    stack.add(value);
    return withDeque(key, stack);
  }

  /** The top of the stack of {@code key}, or null when it is empty. */
  public String peek(String key) {
    List<String> stack = deques.get(key);
    return stack == null || stack.isEmpty() ? null : stack.get(stack.size() - 1);
  }

  public MdcState pop(String key) {
    List<String> stack = new ArrayList<>(deques.getOrDefault(key, List.of()));
    stack.remove(stack.size() - 1);
    return withDeque(key, stack);
  }

  public MdcState withoutDeque(String key) {
    if (!deques.containsKey(key)) {
      return this;
    }
    Map<String, List<String>> copy = new HashMap<>(deques);
    copy.remove(key);
    return new MdcState(values, Collections.unmodifiableMap(copy));
  }

  private MdcState withDeque(String key, List<String> stack) {
    Map<String, List<String>> copy = new HashMap<>(deques);
    // Stacks are read top first: the last element is the top
    copy.put(key, Collections.unmodifiableList(stack));
    return new MdcState(values, Collections.unmodifiableMap(copy));
  }
}

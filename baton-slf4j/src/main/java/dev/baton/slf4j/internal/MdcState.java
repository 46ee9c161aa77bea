package dev.baton.slf4j.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One context's MDC: its entries and its stacks, both immutable, so that a captured context keeps
 * the MDC it had when captured whatever the code that captured it does next. The entries are null
 * where SLF4J's and Logback's own adapters have no map: before any entry was put, and after {@code
 * clear()}; they hold what {@code put} was given, null values included, as those adapters do.
 *
 * <p>Every change returns a new state, or this one when nothing changes.
 *
 * @param values the entries, or null where SLF4J's adapters have no map
 * @param deques the stacks of {@code pushByKey}, by key
 */
public record MdcState(Map<String, String> values, Map<String, List<String>> deques) {

  /** No entries and no stacks. */
  public static final MdcState NONE = new MdcState(null, Map.of());

  /** This state with {@code value} for {@code key}, a null value included. */
  public MdcState with(String key, String value) {
    if (values != null && values.containsKey(key) && Objects.equals(value, values.get(key))) {
      return this;
    }
    Map<String, String> copy = values == null ? new HashMap<>() : new HashMap<>(values);
    copy.put(key, value);
    return new MdcState(Collections.unmodifiableMap(copy), deques);
  }

  /** This state without an entry for {@code key}. */
  public MdcState without(String key) {
    if (values == null || !values.containsKey(key)) {
      return this;
    }
    Map<String, String> copy = new HashMap<>(values);
    copy.remove(key);
    return new MdcState(Collections.unmodifiableMap(copy), deques);
  }

  /** The entries replaced by a copy of {@code entries}, or no map at all when it is null. */
  public MdcState withValues(Map<String, String> entries) {
    return new MdcState(entries == null ? null : Collections.unmodifiableMap(new HashMap<>(entries)), deques);
  }

  /** This state with {@code value} pushed on the stack of {@code key}. */
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

  /** This state with the top of the stack of {@code key} removed; the stack must not be empty. */
  public MdcState pop(String key) {
    List<String> stack = new ArrayList<>(deques.getOrDefault(key, List.of()));
    stack.remove(stack.size() - 1);
    return withDeque(key, stack);
  }

  /** This state without the stack of {@code key}. */
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

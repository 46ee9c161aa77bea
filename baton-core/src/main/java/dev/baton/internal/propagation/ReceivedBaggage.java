package dev.baton.internal.propagation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The valid members of a received baggage header, in the order their keys first came, the last
 * member of each key kept (as OpenTelemetry keeps it): what a service forwards as it came, and
 * what tells whether a carried store still has the value it arrived with. Filled once by {@link
 * BaggageCodec#parse}, read only after; at most {@link BaggageCodec#MAX_MEMBERS} members.
 */
public final class ReceivedBaggage {

  private static final int INDEXED_FROM = 8;

  private String[] keys = new String[4];
  private String[] values = new String[4];
  private String[] properties = new String[4];
  private String[] members = new String[4];
  private int size;
  /** Positions by key, once there are enough keys that looking through them costs more. */
  private Map<String, Integer> positions;

  ReceivedBaggage() {}

  void put(String key, String value, String memberProperties, String member) {
    int index = indexOf(key);
    if (index < 0) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
        properties = Arrays.copyOf(properties, size * 2);
        members = Arrays.copyOf(members, size * 2);
      }
      index = size++;
      keys[index] = key;
      if (positions != null) {
        positions.put(key, index);
      } else if (size == INDEXED_FROM) {
        positions = new HashMap<>(2 * BaggageCodec.MAX_MEMBERS);
        for (int i = 0; i < size; i++) {
          positions.put(keys[i], i);
        }
      }
    }
    values[index] = value;
    properties[index] = memberProperties;
    members[index] = member;
  }

  /** How many distinct keys came. */
  public int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The position of {@code key}, or -1. */
  public int indexOf(String key) {
    if (positions != null) {
      Integer index = positions.get(key);
      return index == null ? -1 : index;
    }
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  /** The key at {@code index}. */
  public String key(int index) {
    return keys[index];
  }

  /** The decoded value at {@code index}. */
  public String value(int index) {
    return values[index];
  }

  /** The valid properties at {@code index}, canonical, joined with semicolons; "" for none. */
  public String properties(int index) {
    return properties[index];
  }

  /** The member at {@code index} as it is forwarded: its value as it came, its valid properties. */
  public String member(int index) {
    return members[index];
  }

  @Override
  public String toString() {
    return String.join(",", Arrays.copyOf(members, size));
  }
}

package dev.baton.hooked;

/** Methods of every shape a hook meets: defined again, hooked, by {@code HookVisitorTest}. */
public class Subject {

  public final String name;

  public Subject(String name) {
    this.name = name;
  }

  /** Arguments of one and two slots, locals after them, a loop (stack map frames). */
  public String mix(int count, long wide, double real, String text) {
    StringBuilder out = new StringBuilder(text);
    long sum = wide;
    for (int i = 0; i < count; i++) {
      sum += i;
      out.append(i);
    }
    double scaled = real * 2;
    return out.append(':').append(sum).append(':').append(scaled).toString();
  }

  /** Returns from two places. */
  public int pick(boolean first) {
    if (first) {
      return 1;
    }
    int other = name.length();
    return other + 100;
  }

  /** Throws. */
  public void fail(String message) {
    throw new IllegalStateException(message);
  }

  /** Catches what it throws itself, and returns from its handler. */
  public long recover(int divisor) {
    long kept = 7;
    try {
      return kept / divisor;
    } catch (ArithmeticException divisionByZero) {
      return -kept;
    } finally {
      kept++;
    }
  }

  /** A switch, and a wide return value. */
  public long choose(int key) {
    switch (key) {
      case 0:
        return 10L;
      case 1:
        return 11L;
      case 2:
        return 12L;
      default:
        return -1L;
    }
  }

  /** Static. */
  public static Object echo(Object value) {
    return value;
  }

  /** Returns nothing. */
  public void nothing() {}
}

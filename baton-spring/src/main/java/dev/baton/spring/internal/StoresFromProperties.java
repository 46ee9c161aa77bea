package dev.baton.spring.internal;

import dev.baton.AsyncLocalStorage;
import dev.baton.ContextPropagation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import org.springframework.util.ClassUtils;

/** The storages {@code baton.propagation.stores} names, each as the static field holding it. */
public final class StoresFromProperties {

  /** The property listing the storages to carry. */
  public static final String PROPERTY = "baton.propagation.stores";

  private StoresFromProperties() {}

  /**
   * A propagation carrying each storage {@code list} names.
   *
   * @param list field references separated by commas, as {@code com.example.Requests.REQUEST_ID}
   * @return the propagation
   * @throws IllegalStateException naming the first wrong entry, and why
   */
  public static ContextPropagation propagation(String list) {
    ContextPropagation.Builder builder = ContextPropagation.builder();
    int carried = 0;
    for (String entry : list.split(",")) {
      String reference = entry.trim();
      if (reference.isEmpty()) {
        continue;
      }
      try {
        builder.carry(storage(reference));
      } catch (IllegalArgumentException wrong) {
        throw wrong(reference, wrong.getMessage());
      }
      carried++;
    }
    if (carried == 0) {
      throw new IllegalStateException(PROPERTY + " names no storage: list static AsyncLocalStorage<String> fields, as com.example.Requests.REQUEST_ID");
    }
    return builder.build();
  }

  private static AsyncLocalStorage<String> storage(String reference) {
    int dot = reference.lastIndexOf('.');
    if (dot <= 0 || dot == reference.length() - 1) {
      throw wrong(reference, "it is not a field reference, as com.example.Requests.REQUEST_ID");
    }
    String className = reference.substring(0, dot);
    String fieldName = reference.substring(dot + 1);
    Class<?> owner;
    try {
      owner = ClassUtils.forName(className, ClassUtils.getDefaultClassLoader());
    } catch (ClassNotFoundException | LinkageError missing) {
      throw wrong(reference, "there is no class " + className);
    }
    Field field;
    try {
      field = owner.getDeclaredField(fieldName);
    } catch (NoSuchFieldException missing) {
      throw wrong(reference, className + " has no field " + fieldName);
    }
    if (!Modifier.isStatic(field.getModifiers()) || field.getType() != AsyncLocalStorage.class) {
      throw wrong(reference, "the field is not a static AsyncLocalStorage");
    }
    Type type = field.getGenericType();
    if (!(type instanceof ParameterizedType)
        || ((ParameterizedType) type).getActualTypeArguments()[0] != String.class) {
      throw wrong(
          reference,
          "its stores are not strings; carry it from a ContextPropagation bean, with an encoder and a decoder");
    }
    Object value;
    try {
      field.setAccessible(true);
      value = field.get(null);
    } catch (IllegalAccessException | RuntimeException unreadable) {
      throw wrong(reference, "the field cannot be read (" + unreadable + ")");
    }
    if (value == null) {
      throw wrong(reference, "the field is null");
    }
    @SuppressWarnings("unchecked") // its declared type is AsyncLocalStorage<String>
    AsyncLocalStorage<String> storage = (AsyncLocalStorage<String>) value;
    return storage;
  }

  private static IllegalStateException wrong(String reference, String why) {
    return new IllegalStateException(PROPERTY + ": cannot carry " + reference + ": " + why);
  }
}

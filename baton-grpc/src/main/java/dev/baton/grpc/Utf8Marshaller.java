package dev.baton.grpc;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Messages that are strings, sent as UTF-8: a gRPC method without generated code, for a test, a
 * demo or a service whose messages are already text (JSON).
 *
 * <pre>{@code
 * MethodDescriptor<String, String> echo =
 *     MethodDescriptor.<String, String>newBuilder()
 *         .setType(MethodDescriptor.MethodType.UNARY)
 *         .setFullMethodName(MethodDescriptor.generateFullMethodName("demo.Echo", "Echo"))
 *         .setRequestMarshaller(Utf8Marshaller.INSTANCE)
 *         .setResponseMarshaller(Utf8Marshaller.INSTANCE)
 *         .build();
 * }</pre>
 */
public enum Utf8Marshaller implements MethodDescriptor.Marshaller<String> {
  /** The one marshaller; it keeps no state. */
  INSTANCE;

  @Override
  public InputStream stream(String value) {
    return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String parse(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

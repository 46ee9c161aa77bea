package dev.baton.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class Utf8MarshallerTest {

  @Test
  void aStringCrossesAsItsUtf8Bytes() throws Exception {
    String text = "req-42 \u00e9t\u00e9 \u2713 \ud83d\ude80";

    byte[] sent = Utf8Marshaller.INSTANCE.stream(text).readAllBytes();

    assertThat(sent).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    assertThat(Utf8Marshaller.INSTANCE.parse(new ByteArrayInputStream(sent))).isEqualTo(text);
  }

  @Test
  void parsingClosesTheStreamItWasGiven() {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream stream =
        new ByteArrayInputStream("ok".getBytes(StandardCharsets.UTF_8)) {
          @Override
          public void close() {
            closed.set(true);
          }
        };

    assertThat(Utf8Marshaller.INSTANCE.parse(stream)).isEqualTo("ok");
    assertThat(closed).isTrue();
  }
}

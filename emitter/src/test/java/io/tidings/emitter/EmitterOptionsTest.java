package io.tidings.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The options' defaults (the Go README's and Node's) and their validation. */
class EmitterOptionsTest {

  @Test
  void theDefaultsAreTheNodeAndGoEmitters() {
    EmitterOptions o = EmitterOptions.defaults();

    assertThat(o.key()).isEqualTo("socket.io");
    assertThat(o.tableName()).isEqualTo("socket_io_attachments");
    assertThat(o.payloadThreshold()).isEqualTo(8_000);
    assertThat(o.host()).isEqualTo("127.0.0.1");
    assertThat(o.port()).isEqualTo(5432);
    assertThat(o.sendTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.callbackExecutor()).isNull();
  }

  @Test
  void everyBadSettingIsNamedAtOnce() {
    assertThatThrownBy(() -> EmitterOptions.builder().tableName("t; DROP TABLE users").payloadThreshold(8_001).key("")
        .sendTimeout(Duration.ZERO).port(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tableName must be an identifier")
        .hasMessageContaining("payloadThreshold must be 1..8000, was 8001")
        .hasMessageContaining("key must be non-empty")
        .hasMessageContaining("sendTimeout must be a positive duration")
        .hasMessageContaining("port must be 1..65535");
  }

  @Test
  void aSchemaQualifiedTableIsAccepted() {
    assertThat(EmitterOptions.builder().tableName("realtime.socket_io_attachments").build().tableName())
        .isEqualTo("realtime.socket_io_attachments");
  }

  @Test
  void thePasswordIsNeverPrinted() {
    assertThat(EmitterOptions.builder().password("s3cret").database("app").build().toString())
        .doesNotContain("s3cret").contains("password=****").contains("postgres@127.0.0.1:5432/app");
  }

  @Test
  void openingASessionNeedsADatabase() {
    assertThatThrownBy(() -> Emitter.create(EmitterOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database");
  }
}

package io.tidings.socketio.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidings.bus.BusErrorHandler;
import io.tidings.bus.postgres.PostgresBusConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The adapter's options carry the Go port's README defaults and land on the bus's settings unchanged. */
class PostgresAdapterOptionsTest {

  @Test
  void theDefaultsAreTheGoPortsAndTheNodeAdapters() {
    PostgresAdapterOptions o = PostgresAdapterOptions.DEFAULTS;
    assertThat(o.key()).isEqualTo("socket.io");
    assertThat(o.tableName()).isEqualTo("socket_io_attachments");
    assertThat(o.payloadThreshold()).isEqualTo(8_000);
    assertThat(o.cleanupInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.errorHandler()).isSameAs(BusErrorHandler.NONE);
    assertThat(PostgresAdapterOptions.builder().build()).isEqualTo(o);
  }

  @Test
  void everyOptionLandsOnTheBusSettingsAndReadsBack() {
    BusErrorHandler handler = e -> {};
    PostgresAdapterOptions o = PostgresAdapterOptions.builder().key("chat-cluster").tableName("myschema.attachments")
        .payloadThreshold(4_000).cleanupInterval(Duration.ofSeconds(60)).heartbeatInterval(Duration.ofSeconds(2))
        .heartbeatTimeout(Duration.ofSeconds(7)).errorHandler(handler).build();
    PostgresBusConfig bus = o.applyTo(PostgresBusConfig.builder().database("app")).build();
    assertThat(bus.channelPrefix()).isEqualTo("chat-cluster");
    assertThat(bus.attachmentTable()).isEqualTo("myschema.attachments");
    assertThat(bus.payloadThreshold()).isEqualTo(4_000);
    assertThat(bus.cleanupInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(bus.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(bus.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(bus.errorHandler()).isSameAs(handler);
    assertThat(PostgresAdapterOptions.of(bus)).isEqualTo(o);
  }

  @Test
  void aThresholdAbovePostgresLimitAndATimeoutNotLongerThanTheIntervalAreRefusedByName() {
    PostgresAdapterOptions o = PostgresAdapterOptions.builder().payloadThreshold(8_001)
        .heartbeatInterval(Duration.ofSeconds(5)).heartbeatTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> o.applyTo(PostgresBusConfig.builder().database("app")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payloadThreshold must be 1..8000, was 8001")
        .hasMessageContaining("heartbeatTimeout (PT5S) must be longer than heartbeatInterval (PT5S)");
  }
}

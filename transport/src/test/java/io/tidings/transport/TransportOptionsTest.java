package io.tidings.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The options' defaults, and values refused by name. */
class TransportOptionsTest {

  @Test
  void theDefaultsAreTheNamedConstants() {
    TransportOptions o = TransportOptions.newBuilder().build();
    assertThat(o.acceptBacklog()).isEqualTo(TransportOptions.DEFAULT_ACCEPT_BACKLOG);
    assertThat(o.maxBufferedBytes()).isEqualTo(1024 * 1024);
    assertThat(o.requestTimeoutMillis()).isEqualTo(30_000);
    assertThat(o.eventLoopThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(o.bodyBudgetBytes()).isGreaterThanOrEqualTo(8L * 1024 * 1024);
  }

  @Test
  void toBuilderKeepsEveryValue() {
    TransportOptions o = TransportOptions.newBuilder().port(6001).maxBufferedBytes(4096).requestTimeoutMillis(5).build();
    assertThat(o.toBuilder().build()).isEqualTo(o);
  }

  @Test
  void aValueOutOfRangeIsRefusedByName() {
    assertThatThrownBy(() -> TransportOptions.newBuilder().maxBufferedBytes(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBufferedBytes");
    assertThatThrownBy(() -> TransportOptions.newBuilder().port(70000).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
  }
}

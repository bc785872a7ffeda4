package io.tidings.bus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChannelNameTest {

  @Test
  void aNamespaceMapsToPrefixHashNamespaceAsInNode() {
    assertThat(ChannelName.of("socket.io", "/")).isEqualTo("socket.io#/");
    assertThat(ChannelName.of("socket.io", "/custom")).isEqualTo("socket.io#/custom");
  }

  @Test
  void aNameOfExactlySixtyThreeBytesIsKept() {
    String nsp = "/" + "a".repeat(63 - "socket.io#/".length());

    assertThat(ChannelName.of("socket.io", nsp)).isEqualTo("socket.io#" + nsp).hasSize(63);
  }

  @Test
  void aLongerNameKeepsItsStartAndEndsWithAHashOfTheWholeName() {
    String nsp = "/" + "a".repeat(60);

    String channel = ChannelName.of("socket.io", nsp);

    // SHA-256("socket.io#/" + 60 × "a") starts with c6b205e7d3949891 (python3 hashlib).
    assertThat(channel).isEqualTo("socket.io#/" + "a".repeat(35) + "~c6b205e7d3949891");
    assertThat(channel.getBytes(StandardCharsets.UTF_8)).hasSize(63);
    assertThat(ChannelName.of("socket.io", nsp)).isEqualTo(channel);
    assertThat(ChannelName.of("socket.io", nsp + "b")).isNotEqualTo(channel);
  }

  @Test
  void theMappingNeverCutsAMultiByteCharacter() {
    String channel = ChannelName.of("p", "/" + "é".repeat(40));

    assertThat(channel.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
    assertThat(channel).startsWith("p#/" + "é".repeat(21) + "~");
  }

  @Test
  void listenQuotesTheIdentifierAndDoublesQuotes() {
    assertThat(ChannelName.listenSql("socket.io#/a\"b")).isEqualTo("LISTEN \"socket.io#/a\"\"b\"");
  }

  @Test
  void aNulCharacterIsRefused() {
    assertThatThrownBy(() -> ChannelName.of("socket.io", "/a\0b")).isInstanceOf(IllegalArgumentException.class);
  }
}

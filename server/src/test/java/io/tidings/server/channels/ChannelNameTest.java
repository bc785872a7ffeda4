package io.tidings.server.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.channels.ChannelName.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Channel kinds by the Pusher prefixes, cache channels, allowed names, and the user channel. */
class ChannelNameTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "public-chat, PUBLIC",
      "private-chat, PRIVATE",
      "private-encrypted-chat, ENCRYPTED",
      "presence-chat, PRESENCE",
      "private-cache-chat, PRIVATE",
      "private-encrypted-cache-chat, ENCRYPTED",
      "presence-cache-chat, PRESENCE",
      "cache-chat, PUBLIC",
      "xprivate-foo, PUBLIC",
      "my-presence-room, PUBLIC",
      "private, PUBLIC",
      "#server-to-user-1, PUBLIC",
  })
  void theKindComesFromTheAnchoredPrefix(String channel, Kind kind) {
    assertThat(ChannelName.kind(channel)).isEqualTo(kind);
  }

  @Test
  void onlyPublicChannelsNeedNoSignature() {
    assertThat(Kind.PUBLIC.needsAuth()).isFalse();
    assertThat(Kind.PRIVATE.needsAuth()).isTrue();
    assertThat(Kind.ENCRYPTED.needsAuth()).isTrue();
    assertThat(Kind.PRESENCE.needsAuth()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cache-a", "private-cache-a", "private-encrypted-cache-a", "presence-cache-a"})
  void theFourCachePrefixesMakeACacheChannel(String channel) {
    assertThat(ChannelName.isCache(channel)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a-cache-b", "private-a", "presence-a", "cach-e", "xcache-a"})
  void otherNamesAreNotCacheChannels(String channel) {
    assertThat(ChannelName.isCache(channel)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "A-Za-z0-9_-=@,.;", "#server-to-user-42", "private-encrypted-x", "#a"})
  void soketisCharactersAndALeadingHashAreAllowed(String channel) {
    assertThat(ChannelName.isAllowed(channel)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "bad name", "a!b", "a#b", "##a", "é", "a/b", "a\nb", "a\n", "a:b", "a*"})
  void anythingElseIsNotAllowed(String channel) {
    assertThat(ChannelName.isAllowed(channel)).isFalse();
  }

  @Test
  void theUserIdOfAServerToUserChannel() {
    assertThat(ChannelName.serverToUserId("#server-to-user-abc")).isEqualTo("abc");
    assertThat(ChannelName.serverToUserId("#server-to-user-")).isEmpty();
    assertThat(ChannelName.serverToUserId("server-to-user-abc")).isNull();
  }
}

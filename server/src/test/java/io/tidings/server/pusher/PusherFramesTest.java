package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tidings.server.channels.PresenceMember;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden bytes of every frame, written from the reference's captures of Soketi 1.6.1 (§1.5, §1.12, §1.13). */
class PusherFramesTest {

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static JsonNode json(String s) {
    try {
      return PusherFrames.JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void connectionEstablished() {
    assertThat(s(PusherFrames.connectionEstablished("3106561504.6592619032", 30))).isEqualTo(
        "{\"event\":\"pusher:connection_established\",\"data\":\"{\\\"socket_id\\\":\\\"3106561504.6592619032\\\",\\\"activity_timeout\\\":30}\"}");
  }

  @Test
  void pong() {
    assertThat(s(PusherFrames.pong())).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
  }

  @Test
  void errorWithACode() {
    assertThat(s(PusherFrames.error(4001, "App key x does not exist."))).isEqualTo(
        "{\"event\":\"pusher:error\",\"data\":{\"code\":4001,\"message\":\"App key x does not exist.\"}}");
  }

  @Test
  void errorWithoutACode() {
    assertThat(s(PusherFrames.error(null, "bad"))).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":\"bad\"}}");
  }

  @Test
  void channelErrorHasTheChannelBeforeTheData() {
    assertThat(s(PusherFrames.channelError("private-c", 4301, "The app does not have client messaging enabled."))).isEqualTo(
        "{\"event\":\"pusher:error\",\"channel\":\"private-c\",\"data\":{\"code\":4301,\"message\":\"The app does not have client messaging enabled.\"}}");
  }

  @Test
  void subscriptionSucceededWithoutData() {
    assertThat(s(PusherFrames.subscriptionSucceeded("pub-1")))
        .isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"pub-1\"}");
    assertThat(s(PusherFrames.subscriptionSucceeded("private-p1")))
        .isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"private-p1\"}");
  }

  @Test
  void subscriptionSucceededOnAnEncryptedChannelCarriesAnEmptyDataString() {
    assertThat(s(PusherFrames.subscriptionSucceeded("private-encrypted-e")))
        .isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"private-encrypted-e\",\"data\":\"{}\"}");
  }

  @Test
  void presenceSubscriptionSucceededKeepsIdTypesAndLeavesMembersWithoutInfoOutOfHash() {
    List<PresenceMember> members = List.of(
        new PresenceMember(IntNode.valueOf(1), json("{\"name\":\"John\"}")),
        new PresenceMember(TextNode.valueOf("2"), json("{\"name\":\"Alice\"}")));
    assertThat(s(PusherFrames.presenceSubscriptionSucceeded("presence-r1", members))).isEqualTo(
        "{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"presence-r1\",\"data\":\"{\\\"presence\\\":{\\\"ids\\\":[1,\\\"2\\\"],"
            + "\\\"hash\\\":{\\\"1\\\":{\\\"name\\\":\\\"John\\\"},\\\"2\\\":{\\\"name\\\":\\\"Alice\\\"}},\\\"count\\\":2}}\"}");
    assertThat(s(PusherFrames.presenceSubscriptionSucceeded("presence-r2", List.of(new PresenceMember(TextNode.valueOf("x"), null)))))
        .isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"presence-r2\","
            + "\"data\":\"{\\\"presence\\\":{\\\"ids\\\":[\\\"x\\\"],\\\"hash\\\":{},\\\"count\\\":1}}\"}");
  }

  @Test
  void anExplicitNullUserInfoIsKept() {
    assertThat(s(PusherFrames.memberAdded("presence-n", new PresenceMember(TextNode.valueOf("n"), NullNode.instance)))).isEqualTo(
        "{\"event\":\"pusher_internal:member_added\",\"channel\":\"presence-n\",\"data\":\"{\\\"user_id\\\":\\\"n\\\",\\\"user_info\\\":null}\"}");
  }

  @Test
  void subscriptionErrors() {
    assertThat(s(PusherFrames.subscriptionError("private-p1", "AuthError", "The connection is unauthorized.", 401))).isEqualTo(
        "{\"event\":\"pusher:subscription_error\",\"channel\":\"private-p1\",\"data\":{\"type\":\"AuthError\",\"error\":\"The connection is unauthorized.\",\"status\":401}}");
    assertThat(s(PusherFrames.subscriptionError("bad name!", null, "not allowed", 4009))).isEqualTo(
        "{\"event\":\"pusher:subscription_error\",\"channel\":\"bad name!\",\"data\":{\"error\":\"not allowed\",\"status\":4009}}");
  }

  @Test
  void memberAddedAndRemoved() {
    assertThat(s(PusherFrames.memberAdded("presence-r1", new PresenceMember(TextNode.valueOf("2"), json("{\"name\":\"Alice\"}"))))).isEqualTo(
        "{\"event\":\"pusher_internal:member_added\",\"channel\":\"presence-r1\",\"data\":\"{\\\"user_id\\\":\\\"2\\\",\\\"user_info\\\":{\\\"name\\\":\\\"Alice\\\"}}\"}");
    assertThat(s(PusherFrames.memberAdded("presence-r1", new PresenceMember(IntNode.valueOf(3), null)))).isEqualTo(
        "{\"event\":\"pusher_internal:member_added\",\"channel\":\"presence-r1\",\"data\":\"{\\\"user_id\\\":3}\"}");
    assertThat(s(PusherFrames.memberRemoved("presence-r1", TextNode.valueOf("2")))).isEqualTo(
        "{\"event\":\"pusher_internal:member_removed\",\"channel\":\"presence-r1\",\"data\":\"{\\\"user_id\\\":\\\"2\\\"}\"}");
  }

  @Test
  void anAppEventKeepsItsDataAsGiven() {
    assertThat(s(PusherFrames.event("e", "c", TextNode.valueOf("{\"a\":1}"))))
        .isEqualTo("{\"event\":\"e\",\"channel\":\"c\",\"data\":\"{\\\"a\\\":1}\"}");
    assertThat(s(PusherFrames.event("e", "c", json("{\"a\":1}")))).isEqualTo("{\"event\":\"e\",\"channel\":\"c\",\"data\":{\"a\":1}}");
  }

  @Test
  void aClientEventCarriesTheUserIdLast() {
    assertThat(s(PusherFrames.clientEvent("client-hello", "presence-r1", json("{\"x\":2}"), TextNode.valueOf("2"))))
        .isEqualTo("{\"event\":\"client-hello\",\"channel\":\"presence-r1\",\"data\":{\"x\":2},\"user_id\":\"2\"}");
    assertThat(s(PusherFrames.clientEvent("client-hello", "private-r1", json("{\"x\":2}"), null)))
        .isEqualTo("{\"event\":\"client-hello\",\"channel\":\"private-r1\",\"data\":{\"x\":2}}");
  }

  @Test
  void signinSuccessEchoesTheSigninData() {
    assertThat(s(PusherFrames.signinSuccess(json("{\"user_data\":\"{\\\"id\\\":\\\"1\\\"}\",\"auth\":\"k:s\"}")))).isEqualTo(
        "{\"event\":\"pusher:signin_success\",\"data\":{\"user_data\":\"{\\\"id\\\":\\\"1\\\"}\",\"auth\":\"k:s\"}}");
  }

  @Test
  void cacheMiss() {
    assertThat(s(PusherFrames.cacheMiss("cache-c"))).isEqualTo("{\"event\":\"pusher:cache_miss\",\"channel\":\"cache-c\"}");
    assertThat(s(PusherFrames.cacheMiss("private-encrypted-cache-c")))
        .isEqualTo("{\"event\":\"pusher:cache_miss\",\"channel\":\"private-encrypted-cache-c\",\"data\":\"{}\"}");
  }

  @Test
  void nonAsciiTextIsWrittenAsUtf8NotEscaped() {
    assertThat(s(PusherFrames.event("é", "c", TextNode.valueOf("日本")))).isEqualTo("{\"event\":\"é\",\"channel\":\"c\",\"data\":\"日本\"}");
  }

  @Test
  void namesAreEscapedAsNodesJsonStringifyEscapesThem() {
    // What Soketi writes for the same names: lowercase hex for control characters, a lone surrogate
    // escaped (well-formed JSON.stringify), never replaced.
    assertThat(s(PusherFrames.event("a\u001fb\"", "c\ud800", (String) null, null)))
        .isEqualTo("{\"event\":\"a\\u001fb\\\"\",\"channel\":\"c\\ud800\"}");
  }
}

package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.PusherAuth;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code pusher:subscribe} and {@code pusher:unsubscribe} on raw frames: every subscription error with
 * Soketi's exact frame, and the quiet cases (duplicate subscribe, unknown unsubscribe). The server
 * default limits are made small so that each one is cheap to reach.
 */
class SubscriptionTest {

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of(
      "SOKETI_PRESENCE_MAX_MEMBERS", "2",
      "SOKETI_PRESENCE_MAX_MEMBER_SIZE", "1",
      "SOKETI_CHANNEL_LIMITS_MAX_NAME_LENGTH", "30"));
  static final PusherAuth AUTH = PusherAuth.defaultApp();

  private static RawWebSocket connect() {
    return RawWebSocket.established(server.wsUrl());
  }

  @Test
  void aPublicSubscriptionSucceedsWithoutData() {
    try (RawWebSocket ws = connect()) {
      assertThat(ws.subscribe("pub-1")).isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"pub-1\"}");
    }
  }

  @Test
  void aPrivateSubscriptionWithAValidSignatureSucceeds() {
    try (RawWebSocket ws = connect()) {
      ws.send(AUTH.subscribePrivate(ws.socketId(), "private-p1"));
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"private-p1\"}");
    }
  }

  @Test
  void anEncryptedSubscriptionSucceedsWithAnEmptyDataString() {
    try (RawWebSocket ws = connect()) {
      ws.send(AUTH.subscribePrivate(ws.socketId(), "private-encrypted-e1"));
      assertThat(ws.next()).isEqualTo(
          "{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"private-encrypted-e1\",\"data\":\"{}\"}");
    }
  }

  @Test
  void aPrivateSubscriptionWithABadSignatureGetsAnAuthError() {
    try (RawWebSocket ws = connect()) {
      ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-p1\",\"auth\":\"app-key:0000\"}}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"private-p1\","
          + "\"data\":{\"type\":\"AuthError\",\"error\":\"The connection is unauthorized.\",\"status\":401}}");
    }
  }

  @Test
  void aSignatureForAnotherSocketIsRefused() {
    try (RawWebSocket ws = connect()) {
      ws.send(AUTH.subscribePrivate("123.456", "private-p1"));
      assertThat(ws.nextJson().path("data").path("type").asText()).isEqualTo("AuthError");
    }
  }

  @Test
  void aPrivateSubscriptionWithoutAuthGetsAnAuthError() {
    try (RawWebSocket ws = connect()) {
      assertThat(ws.subscribe("private-noauth")).isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"private-noauth\","
          + "\"data\":{\"type\":\"AuthError\",\"error\":\"The connection is unauthorized.\",\"status\":401}}");
    }
  }

  @Test
  void aPresenceSubscriptionWithABadSignatureGetsAnAuthError() {
    try (RawWebSocket ws = connect()) {
      ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-x\",\"auth\":\"app-key:00\","
          + "\"channel_data\":\"{\\\"user_id\\\":1}\"}}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"presence-x\","
          + "\"data\":{\"type\":\"AuthError\",\"error\":\"The connection is unauthorized.\",\"status\":401}}");
    }
  }

  @Test
  void aNameWithForbiddenCharactersIsRefusedWithoutAType() {
    try (RawWebSocket ws = connect()) {
      assertThat(ws.subscribe("bad name!")).isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"bad name!\","
          + "\"data\":{\"error\":\"The channel name is not allowed. Read channel conventions: "
          + "https://pusher.com/docs/channels/using_channels/channels/#channel-naming-conventions\",\"status\":4009}}");
    }
  }

  @Test
  void anEmptyNameIsRefused() {
    try (RawWebSocket ws = connect()) {
      assertThat(ws.subscribe("")).contains("\"status\":4009").contains("The channel name is not allowed.");
    }
  }

  @Test
  void aNameOverTheLengthLimitIsLimitReached4009() {
    String name = "c".repeat(31);
    try (RawWebSocket ws = connect()) {
      assertThat(ws.subscribe(name)).isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"" + name + "\","
          + "\"data\":{\"type\":\"LimitReached\",\"error\":\"The channel name is longer than the allowed 30 characters.\",\"status\":4009}}");
    }
  }

  @Test
  void aNameAtTheLengthLimitIsAccepted() {
    try (RawWebSocket ws = connect()) {
      assertThat(ws.subscribe("c".repeat(30))).contains("subscription_succeeded");
    }
  }

  @Test
  void aPresenceSubscriptionWithoutChannelDataIsAServerError4302() {
    try (RawWebSocket ws = connect()) {
      ws.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-nodata\",\"auth\":"
          + PusherAuth.quote(AUTH.auth(ws.socketId() + ":presence-nodata")) + "}}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"presence-nodata\","
          + "\"data\":{\"type\":\"ServerError\",\"error\":\"A server error has occured.\",\"status\":4302}}");
    }
  }

  @Test
  void presenceChannelDataWithoutAUserIdIsAServerError4302() {
    try (RawWebSocket ws = connect()) {
      ws.send(AUTH.subscribePresence(ws.socketId(), "presence-noid", "{\"user_info\":{}}"));
      assertThat(ws.nextJson().path("data").path("status").asInt()).isEqualTo(4302);
      ws.send("{\"event\":\"pusher:ping\",\"data\":{}}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
    }
  }

  @Test
  void aPresenceChannelRefusesANewUserOverTheMemberLimitWith4100() {
    try (RawWebSocket a = connect(); RawWebSocket b = connect(); RawWebSocket c = connect()) {
      a.send(AUTH.subscribePresence(a.socketId(), "presence-full", "{\"user_id\":\"a\"}"));
      b.send(AUTH.subscribePresence(b.socketId(), "presence-full", "{\"user_id\":\"b\"}"));
      assertThat(a.next()).contains("subscription_succeeded");
      assertThat(b.next()).contains("subscription_succeeded");
      c.send(AUTH.subscribePresence(c.socketId(), "presence-full", "{\"user_id\":\"c\"}"));
      assertThat(c.next()).isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"presence-full\","
          + "\"data\":{\"type\":\"LimitReached\",\"error\":\"The maximum members per presence channel limit was reached\",\"status\":4100}}");
    }
  }

  @Test
  void aFullPresenceChannelTellsAClientWithABadSignatureOnlyThatItIsUnauthorized() {
    try (RawWebSocket a = connect(); RawWebSocket b = connect(); RawWebSocket c = connect()) {
      a.send(AUTH.subscribePresence(a.socketId(), "presence-full-secret", "{\"user_id\":\"a\"}"));
      assertThat(a.next()).contains("subscription_succeeded");
      b.send(AUTH.subscribePresence(b.socketId(), "presence-full-secret", "{\"user_id\":\"b\"}"));
      assertThat(b.next()).contains("subscription_succeeded");
      c.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-full-secret\",\"auth\":\"app-key:00\","
          + "\"channel_data\":\"{\\\"user_id\\\":\\\"c\\\"}\"}}");
      assertThat(c.nextJson().path("data").path("type").asText()).isEqualTo("AuthError");
    }
  }

  @Test
  void aFullPresenceChannelStillAcceptsAnotherSocketOfAUserAlreadyIn() {
    try (RawWebSocket a = connect(); RawWebSocket b = connect(); RawWebSocket a2 = connect()) {
      a.send(AUTH.subscribePresence(a.socketId(), "presence-full-again", "{\"user_id\":\"a\"}"));
      b.send(AUTH.subscribePresence(b.socketId(), "presence-full-again", "{\"user_id\":\"b\"}"));
      assertThat(a.next()).contains("subscription_succeeded");
      assertThat(b.next()).contains("subscription_succeeded");
      a2.send(AUTH.subscribePresence(a2.socketId(), "presence-full-again", "{\"user_id\":\"a\"}"));
      assertThat(a2.next()).contains("subscription_succeeded").contains("\\\"count\\\":2");
    }
  }

  @Test
  void aPresenceMemberOverTheSizeLimitIsLimitReached4301() {
    String info = "{\"bio\":\"" + "x".repeat(1100) + "\"}";
    try (RawWebSocket ws = connect()) {
      ws.send(AUTH.subscribePresence(ws.socketId(), "presence-big", "{\"user_id\":\"big\",\"user_info\":" + info + "}"));
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:subscription_error\",\"channel\":\"presence-big\","
          + "\"data\":{\"type\":\"LimitReached\",\"error\":\"The maximum size for a channel member is 1 KB.\",\"status\":4301}}");
    }
  }

  @Test
  void aPresenceSubscriberHearsOfNoMemberBeforeItsOwnMemberList() {
    for (int round = 0; round < 20; round++) {
      String channel = "presence-race-" + round;
      try (RawWebSocket a = connect(); RawWebSocket b = connect()) {
        a.send(AUTH.subscribePresence(a.socketId(), channel, "{\"user_id\":\"a\"}"));
        b.send(AUTH.subscribePresence(b.socketId(), channel, "{\"user_id\":\"b\"}"));
        assertThat(a.nextJson().path("event").asText()).as("a's first frame, round " + round)
            .isEqualTo("pusher_internal:subscription_succeeded");
        assertThat(b.nextJson().path("event").asText()).as("b's first frame, round " + round)
            .isEqualTo("pusher_internal:subscription_succeeded");
      }
    }
  }

  @Test
  void aPresenceMemberWhoseInfoIsAStringIsMeasuredWithoutItsQuotes() {
    try (RawWebSocket ws = connect()) {
      ws.send(AUTH.subscribePresence(ws.socketId(), "presence-exact", "{\"user_id\":\"s\",\"user_info\":\"" + "x".repeat(1024) + "\"}"));
      assertThat(ws.next()).contains("subscription_succeeded");
    }
  }

  @Test
  void subscribingTwiceIsAnsweredTwice() {
    try (RawWebSocket ws = connect()) {
      assertThat(ws.subscribe("twice")).contains("subscription_succeeded");
      assertThat(ws.subscribe("twice")).isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"twice\"}");
      assertThat(SignedApi.forDefaultApp(server).get("/apps/app-id/channels/twice").body())
          .isEqualTo("{\"subscription_count\":1,\"occupied\":true}");
    }
  }

  @Test
  void subscribingTwiceToAPresenceChannelIsAnsweredTwiceWithTheMembers() {
    try (RawWebSocket ws = connect()) {
      String frame = AUTH.subscribePresence(ws.socketId(), "presence-twice", "{\"user_id\":\"t\"}");
      ws.send(frame);
      String first = ws.next();
      ws.send(frame);
      assertThat(ws.next()).isEqualTo(first);
    }
  }

  @Test
  void unsubscribingFromAChannelNeverJoinedIsSilent() {
    try (RawWebSocket ws = connect()) {
      ws.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"never-joined\"}}");
      ws.send("{\"event\":\"pusher:ping\",\"data\":{}}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
    }
  }

  @Test
  void afterUnsubscribingNoMoreEventsArrive() {
    try (RawWebSocket ws = connect()) {
      ws.subscribe("leave-me");
      ws.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"leave-me\"}}");
      ws.send("{\"event\":\"pusher:ping\",\"data\":{}}");
      assertThat(ws.next()).contains("pusher:pong");
      SignedApi api = SignedApi.forDefaultApp(server);
      api.post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"leave-me\",\"data\":\"x\"}");
      assertThat(ws.poll(300)).isNull();
      assertThat(api.get("/apps/app-id/channels/leave-me").body()).isEqualTo("{\"subscription_count\":0,\"occupied\":false}");
    }
  }

  @Test
  void aNameThatOnlyContainsPrivateIsAPublicChannel() {
    try (RawWebSocket ws = connect()) {
      assertThat(ws.subscribe("xprivate-foo")).isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"xprivate-foo\"}");
    }
  }

  @Test
  void aSubscribeWhoseDataIsAJsonStringIsAccepted() {
    try (RawWebSocket ws = connect()) {
      ws.send("{\"event\":\"pusher:subscribe\",\"data\":\"{\\\"channel\\\":\\\"as-string\\\"}\"}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"as-string\"}");
    }
  }
}

package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.PusherAuth;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code client-*} events on raw frames: relayed as Soketi relays them, and every rejection as its
 * 4301 {@code pusher:error} with the channel, the connection staying open.
 */
class ClientEventsTest {

  static final String CONFIG = """
      {"appManager.array.apps": [
        {"id": "app-id", "key": "app-key", "secret": "app-secret", "enableClientMessages": true,
         "maxEventNameLength": 20, "maxEventPayloadInKb": 1, "maxClientEventsPerSecond": 2},
        {"id": "quiet", "key": "quiet-key", "secret": "quiet-secret", "enableClientMessages": false}
      ]}""";

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of(), CONFIG);
  static final PusherAuth AUTH = PusherAuth.defaultApp();

  private static RawWebSocket inPrivate(String channel) {
    RawWebSocket ws = RawWebSocket.established(server.wsUrl());
    ws.send(AUTH.subscribePrivate(ws.socketId(), channel));
    assertThat(ws.next()).contains("subscription_succeeded");
    return ws;
  }

  private static void assertStillOpen(RawWebSocket ws) {
    ws.send("{\"event\":\"pusher:ping\",\"data\":{}}");
    assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
  }

  @Test
  void aClientEventIsRelayedVerbatimToTheOtherSubscribersOnly() {
    try (RawWebSocket a = inPrivate("private-ce"); RawWebSocket b = inPrivate("private-ce")) {
      a.send("{\"event\":\"client-hello\",\"channel\":\"private-ce\",\"data\":{\"x\":2}}");
      assertThat(b.next()).isEqualTo("{\"event\":\"client-hello\",\"channel\":\"private-ce\",\"data\":{\"x\":2}}");
      assertThat(a.poll(200)).isNull();
    }
  }

  @Test
  void aClientEventOnAPresenceChannelCarriesTheSendersUserIdWithItsJsonType() {
    try (RawWebSocket a = RawWebSocket.established(server.wsUrl()); RawWebSocket b = RawWebSocket.established(server.wsUrl())) {
      a.send(AUTH.subscribePresence(a.socketId(), "presence-ce", "{\"user_id\":2}"));
      assertThat(a.next()).contains("subscription_succeeded");
      b.send(AUTH.subscribePresence(b.socketId(), "presence-ce", "{\"user_id\":\"3\"}"));
      assertThat(b.next()).contains("subscription_succeeded");
      assertThat(a.next()).contains("member_added");
      a.send("{\"event\":\"client-hello\",\"channel\":\"presence-ce\",\"data\":{\"x\":2}}");
      assertThat(b.next()).isEqualTo("{\"event\":\"client-hello\",\"channel\":\"presence-ce\",\"data\":{\"x\":2},\"user_id\":2}");
    }
  }

  @Test
  void aClientEventWithoutDataIsRelayedWithoutData() {
    try (RawWebSocket a = inPrivate("private-nodata"); RawWebSocket b = inPrivate("private-nodata")) {
      a.send("{\"event\":\"client-ping\",\"channel\":\"private-nodata\"}");
      assertThat(b.next()).isEqualTo("{\"event\":\"client-ping\",\"channel\":\"private-nodata\"}");
    }
  }

  @Test
  void aClientEventOnAPublicChannelIsRelayedAsSoketiDoes() {
    try (RawWebSocket a = RawWebSocket.established(server.wsUrl()); RawWebSocket b = RawWebSocket.established(server.wsUrl())) {
      a.subscribe("public-ce");
      b.subscribe("public-ce");
      a.send("{\"event\":\"client-x\",\"channel\":\"public-ce\",\"data\":\"s\"}");
      assertThat(b.next()).isEqualTo("{\"event\":\"client-x\",\"channel\":\"public-ce\",\"data\":\"s\"}");
    }
  }

  @Test
  void aClientEventForAChannelTheSenderIsNotInIsDroppedSilently() {
    try (RawWebSocket a = RawWebSocket.established(server.wsUrl()); RawWebSocket b = inPrivate("private-not-mine")) {
      a.send("{\"event\":\"client-x\",\"channel\":\"private-not-mine\",\"data\":{}}");
      assertStillOpen(a);
      assertThat(b.poll(200)).isNull();
    }
  }

  @Test
  void clientEventsOfAnAppWithoutClientMessagesGet4301() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl("quiet-key"))) {
      ws.subscribe("public-quiet");
      ws.send("{\"event\":\"client-x\",\"channel\":\"public-quiet\",\"data\":{}}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"channel\":\"public-quiet\","
          + "\"data\":{\"code\":4301,\"message\":\"The app does not have client messaging enabled.\"}}");
      assertStillOpen(ws);
    }
  }

  @Test
  void aClientEventNameOverTheLimitGets4301() {
    try (RawWebSocket ws = inPrivate("private-long")) {
      ws.send("{\"event\":\"client-" + "n".repeat(15) + "\",\"channel\":\"private-long\",\"data\":{}}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"channel\":\"private-long\","
          + "\"data\":{\"code\":4301,\"message\":\"Event name is too long. Maximum allowed size is 20.\"}}");
      assertStillOpen(ws);
    }
  }

  @Test
  void aClientEventPayloadOverTheLimitGets4301() {
    try (RawWebSocket ws = inPrivate("private-big")) {
      ws.send("{\"event\":\"client-big\",\"channel\":\"private-big\",\"data\":\"" + "x".repeat(1025) + "\"}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"channel\":\"private-big\","
          + "\"data\":{\"code\":4301,\"message\":\"The event data should be less than 1 KB.\"}}");
      assertStillOpen(ws);
    }
  }

  @Test
  void aPayloadOfExactlyTheLimitIsRelayed() {
    try (RawWebSocket a = inPrivate("private-exact"); RawWebSocket b = inPrivate("private-exact")) {
      a.send("{\"event\":\"client-ok\",\"channel\":\"private-exact\",\"data\":\"" + "x".repeat(1024) + "\"}");
      assertThat(b.nextJson().path("event").asText()).isEqualTo("client-ok");
    }
  }

  @Test
  void clientEventsOverTheRatePerSocketGet4301() {
    try (RawWebSocket a = inPrivate("private-rate"); RawWebSocket b = inPrivate("private-rate")) {
      // Ten at once: however the one-second windows fall, some are over the limit of two.
      for (int i = 0; i < 10; i++) {
        a.send("{\"event\":\"client-r\",\"channel\":\"private-rate\",\"data\":" + i + "}");
      }
      assertThat(a.next()).isEqualTo("{\"event\":\"pusher:error\",\"channel\":\"private-rate\","
          + "\"data\":{\"code\":4301,\"message\":\"The rate limit for sending client events exceeded the quota.\"}}");
      assertThat(b.nextJson().path("data").asInt()).as("the first event, within the limit").isZero();
      // The limit is per socket: b still has its own quota.
      b.send("{\"event\":\"client-r\",\"channel\":\"private-rate\",\"data\":99}");
      assertThat(a.nextEvent("client-r").path("data").asInt()).isEqualTo(99);
      assertStillOpen(a);
    }
  }
}

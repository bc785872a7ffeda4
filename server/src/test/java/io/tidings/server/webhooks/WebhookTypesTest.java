package io.tidings.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.server.support.ChannelAuth;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import io.tidings.server.support.WebhookReceiver;
import io.tidings.server.support.WebhookReceiver.Request;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each of the six webhooks, with Soketi's fields, raised by real clients and caught by a real receiver. */
class WebhookTypesTest {

  private static final String ALL_TYPES =
      "[\"channel_occupied\",\"channel_vacated\",\"member_added\",\"member_removed\",\"client_event\",\"cache_miss\"]";

  private WebhookReceiver receiver;
  private TestServer server;

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start();
    server = TestServer.start(Map.of(
        "SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true",
        "SOKETI_DEFAULT_APP_WEBHOOKS", "[{\"url\":\"" + receiver.url() + "\",\"event_types\":" + ALL_TYPES + "}]"));
  }

  @AfterEach
  void stop() {
    server.close();
    receiver.close();
  }

  @Test
  void theFirstSubscriberSendsChannelOccupied() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("news");
      Request r = receiver.next();
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.path()).isEqualTo("/webhooks");
      assertThat(r.json().path("time_ms").isIntegralNumber()).isTrue();
      assertThat(r.events()).hasSize(1);
      assertThat(r.events().get(0).toString()).isEqualTo("{\"name\":\"channel_occupied\",\"channel\":\"news\"}");
    }
  }

  @Test
  void theLastSubscriberLeavingSendsChannelVacated() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("news");
      assertThat(receiver.next().events().get(0).path("name").asText()).isEqualTo("channel_occupied");
      ws.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"news\"}}");
      assertThat(receiver.next().events().get(0).toString()).isEqualTo("{\"name\":\"channel_vacated\",\"channel\":\"news\"}");
    }
  }

  @Test
  void memberAddedCarriesTheUserIdWithItsJsonType() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ChannelAuth.subscribePresence(ws, "presence-room", "{\"user_id\":7,\"user_info\":{\"name\":\"Ann\"}}");
      JsonNode added = nextOfType("member_added");
      assertThat(added.toString()).isEqualTo("{\"name\":\"member_added\",\"channel\":\"presence-room\",\"user_id\":7}");
    }
  }

  @Test
  void memberRemovedArrivesWhenTheUsersLastSocketLeaves() {
    try (RawWebSocket a = RawWebSocket.established(server.wsUrl());
         RawWebSocket b = RawWebSocket.established(server.wsUrl())) {
      ChannelAuth.subscribePresence(a, "presence-room", "{\"user_id\":\"u1\"}");
      ChannelAuth.subscribePresence(b, "presence-room", "{\"user_id\":\"u1\"}");
      nextOfType("member_added");
      a.close();
      b.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"presence-room\"}}");
      JsonNode removed = nextOfType("member_removed");
      assertThat(removed.toString()).isEqualTo("{\"name\":\"member_removed\",\"channel\":\"presence-room\",\"user_id\":\"u1\"}");
    }
  }

  @Test
  void clientEventCarriesTheDataAsSentAndTheSocketIdButNoUserIdOnAPrivateChannel() {
    try (RawWebSocket a = RawWebSocket.established(server.wsUrl())) {
      ChannelAuth.subscribePrivate(a, "private-chat");
      a.send("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":{\"who\":\"a\",\"n\":[1,2]}}");
      JsonNode e = nextOfType("client_event");
      assertThat(e.toString()).isEqualTo("{\"name\":\"client_event\",\"channel\":\"private-chat\",\"event\":\"client-typing\","
          + "\"data\":{\"who\":\"a\",\"n\":[1,2]},\"socket_id\":\"" + a.socketId() + "\"}");
    }
  }

  @Test
  void clientEventOnAPresenceChannelCarriesTheSendersUserId() {
    try (RawWebSocket a = RawWebSocket.established(server.wsUrl())) {
      ChannelAuth.subscribePresence(a, "presence-room", "{\"user_id\":42}");
      a.send("{\"event\":\"client-hi\",\"channel\":\"presence-room\",\"data\":\"plain text\"}");
      JsonNode e = nextOfType("client_event");
      assertThat(e.toString()).isEqualTo("{\"name\":\"client_event\",\"channel\":\"presence-room\",\"event\":\"client-hi\","
          + "\"data\":\"plain text\",\"socket_id\":\"" + a.socketId() + "\",\"user_id\":42}");
    }
  }

  @Test
  void subscribingToAnEmptyCacheChannelSendsCacheMiss() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("cache-prices");
      JsonNode e = nextOfType("cache_miss");
      assertThat(e.toString()).isEqualTo("{\"name\":\"cache_miss\",\"channel\":\"cache-prices\"}");
    }
  }

  /** The next event named {@code name}, skipping others (occupancy events come with every first join). */
  private JsonNode nextOfType(String name) {
    while (true) {
      for (JsonNode e : receiver.next().events()) {
        if (e.path("name").asText().equals(name)) return e;
      }
    }
  }
}

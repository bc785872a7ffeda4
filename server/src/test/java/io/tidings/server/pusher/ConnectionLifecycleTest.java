package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionLifecycleTest {

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of("SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true"));

  @Test
  void connectionEstablishedCarriesASocketIdAndTheActivityTimeoutAsAString() {
    try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl())) {
      String frame = ws.next();
      assertThat(frame).matches("\\{\"event\":\"pusher:connection_established\",\"data\":\"\\{\\\\\"socket_id\\\\\":\\\\\"\\d+\\.\\d+\\\\\",\\\\\"activity_timeout\\\\\":30}\"}");
    }
  }

  @Test
  void pingIsAnsweredWithPong() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.send("{\"event\":\"pusher:ping\",\"data\":{}}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
    }
  }

  @Test
  void anUnknownKeyIsRefusedWith4001() {
    try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("nope"))) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4001,\"message\":\"App key nope does not exist.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4001);
    }
  }

  @Test
  void aPublicSubscriptionReceivesEventsPublishedThroughTheApi() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      assertThat(ws.subscribe("pub-1")).isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"pub-1\"}");
      var res = SignedApi.forDefaultApp(server).post("/apps/app-id/events",
          "{\"name\":\"hello\",\"channel\":\"pub-1\",\"data\":\"{\\\"a\\\":1}\"}");
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body()).isEqualTo("{\"ok\":true}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"hello\",\"channel\":\"pub-1\",\"data\":\"{\\\"a\\\":1}\"}");
    }
  }

  @Test
  void aSubscribeWithoutDataIsAnErrorAndTheConnectionStaysUsable() {
    try (RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.send("{\"event\":\"pusher:subscribe\"}");
      assertThat(ws.nextJson().path("event").asText()).isEqualTo("pusher:error");
      ws.send("{\"event\":\"pusher:ping\"}");
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
    }
  }
}

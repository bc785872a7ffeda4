package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections refused at the handshake: Soketi's error frame, then the close with the same code. */
class ConnectionRefusalTest {

  static final String CONFIG = """
      {"appManager.array.apps": [
        {"id": "app-id", "key": "app-key", "secret": "app-secret"},
        {"id": "off", "key": "off-key", "secret": "off-secret", "enabled": false},
        {"id": "one", "key": "one-key", "secret": "one-secret", "maxConnections": 1}
      ]}""";

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of(), CONFIG);

  @Test
  void anUnknownKeyGets4001() {
    try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("no-such-key"))) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4001,\"message\":\"App key no-such-key does not exist.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4001);
    }
  }

  @Test
  void closeFramesCarryTheCodeWithoutAReasonAsSoketis() {
    // Soketi closes with ws.end(code); pusher-js passes a close reason on to the app as an error message.
    try (RawWebSocket refused = RawWebSocket.connect(server.wsUrl("off-key"))) {
      assertThat(refused.awaitClose()).isEqualTo(4003);
      assertThat(refused.closeReason()).isEmpty();
    }
    try (RawWebSocket open = RawWebSocket.established(server.wsUrl("app-key"))) {
      String userData = "{\"id\":\"leaver\"}";
      open.send("{\"event\":\"pusher:signin\",\"data\":{\"user_data\":\"{\\\"id\\\":\\\"leaver\\\"}\",\"auth\":\"app-key:"
          + io.tidings.server.auth.Signatures.hmacSha256Hex("app-secret", open.socketId() + "::user::" + userData) + "\"}}");
      assertThat(open.nextJson().path("event").asText()).isEqualTo("pusher:signin_success");
      SignedApi api = SignedApi.forDefaultApp(server);
      assertThat(api.post("/apps/app-id/users/leaver/terminate_connections", "{}").statusCode()).isEqualTo(200);
      assertThat(open.awaitClose()).isEqualTo(4009);
      assertThat(open.closeReason()).isEmpty();
    }
  }

  @Test
  void aDisabledAppGets4003() {
    try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("off-key"))) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4003,\"message\":\"The app is not enabled.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4003);
    }
  }

  @Test
  void aConnectionOverTheAppsQuotaGetsSoketis4100AndTheSlotFreesWhenOneLeaves() {
    RawWebSocket first = RawWebSocket.established(server.wsUrl("one-key"));
    try (RawWebSocket second = RawWebSocket.connect(server.wsUrl("one-key"))) {
      assertThat(second.next()).isEqualTo(
          "{\"event\":\"pusher:error\",\"data\":{\"code\":4100,\"message\":\"The current concurrent connections quota has been reached.\"}}");
      assertThat(second.awaitClose()).isEqualTo(4100);
    }
    first.close();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
      try (RawWebSocket again = RawWebSocket.connect(server.wsUrl("one-key"))) {
        return again.nextJson().path("event").asText().equals("pusher:connection_established");
      }
    });
  }

  @Test
  void theQueryStringOfTheConnectionUrlIsIgnored() {
    String url = "ws://127.0.0.1:" + server.port() + "/app/app-key?protocol=1&client=anything&version=0&flash=false";
    try (RawWebSocket ws = RawWebSocket.connect(url)) {
      assertThat(ws.nextJson().path("event").asText()).isEqualTo("pusher:connection_established");
    }
  }
}

package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connections refused at the handshake: Soketi's error frame, then the close with the same code. */
class ConnectionRefusalTest {

  static final String CONFIG = """
      {"appManager.array.apps": [
        {"id": "app-id", "key": "app-key", "secret": "app-secret"},
        {"id": "off", "key": "off-key", "secret": "off-secret", "enabled": false},
        {"id": "one", "key": "one-key", "secret": "one-secret", "maxConnections": 1}
      ]}""";

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of(), CONFIG);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anUnknownKeyGets4001() {
    try (RawWebSocket ws = RawWebSocket.connect(server.wsUrl("no-such-key"))) {
      assertThat(ws.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4001,\"message\":\"App key no-such-key does not exist.\"}}");
      assertThat(ws.awaitClose()).isEqualTo(4001);
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

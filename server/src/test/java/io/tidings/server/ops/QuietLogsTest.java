package io.tidings.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.auth.Signatures;
import io.tidings.server.support.ChannelAuth;
import io.tidings.server.support.LogCapture;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import io.tidings.server.support.WebhookReceiver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the server logs: every frame only with {@code SOKETI_DEBUG}, and never the app secret. */
class QuietLogsTest {

  /** The default app's secret in these tests: distinctive, so any leak is found. */
  private static final String SECRET = "app-secret";

  @Test
  void theAppSecretNeverAppearsInTheLogsEvenWithDebugOn() {
    try (LogCapture logs = LogCapture.everything();
         WebhookReceiver receiver = WebhookReceiver.start().respondWith(500)) {
      int refused = WebhookReceiver.unusedPort();
      String webhooks = "[{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"channel_occupied\",\"client_event\","
          + "\"member_added\",\"channel_vacated\"],\"headers\":{\"Authorization\":\"Bearer hook-token\"}},"
          + "{\"url\":\"http://127.0.0.1:" + refused + "/down?token=t\",\"event_types\":[\"channel_occupied\"]},"
          + "{\"lambda_function\":\"fn\",\"event_types\":[\"channel_vacated\"]}]";
      TestServer server = TestServer.start(Map.of(
          "SOKETI_DEBUG", "true",
          "SOKETI_METRICS_ENABLED", "true",
          "SOKETI_WEBHOOKS_MAX_ATTEMPTS", "2",
          "SOKETI_DEFAULT_APP_USER_AUTHENTICATION", "true",
          "SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true",
          "SOKETI_DEFAULT_APP_WEBHOOKS", webhooks));
      try (RawWebSocket ws = RawWebSocket.established(server.wsUrl());
           RawWebSocket intruder = RawWebSocket.established(server.wsUrl())) {
        String userData = "{\"id\":\"u1\"}";
        String auth = TestServer.APP_KEY + ":" + Signatures.hmacSha256Hex(SECRET, ws.socketId() + "::user::" + userData);
        ws.send("{\"event\":\"pusher:signin\",\"data\":{\"user_data\":\"" + userData.replace("\"", "\\\"")
            + "\",\"auth\":\"" + auth + "\"}}");
        ws.nextEvent("pusher:signin_success");
        ChannelAuth.subscribePrivate(ws, "private-orders");
        ChannelAuth.subscribePresence(ws, "presence-room", "{\"user_id\":\"u1\"}");
        ws.send("{\"event\":\"client-note\",\"channel\":\"private-orders\",\"data\":{\"x\":1}}");
        intruder.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-orders\",\"auth\":\"app-key:0000\"}}");
        intruder.nextEvent("pusher:subscription_error");
        SignedApi api = SignedApi.forDefaultApp(server);
        assertThat(api.post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"private-orders\",\"data\":\"1\"}")
            .statusCode()).isEqualTo(200);
        SignedApi wrong = new SignedApi(server.httpBase(), TestServer.APP_KEY, "not-the-secret");
        assertThat(wrong.post("/apps/app-id/events", "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"1\"}").statusCode())
            .isEqualTo(401);
        receiver.next(); // answered 500: retried
        receiver.next();
        await().atMost(Duration.ofSeconds(10)).until(() -> !logs.linesWith("attempts_exhausted").isEmpty());
      } finally {
        server.close();
      }
      assertThat(logs.linesWith("frame from")).isNotEmpty(); // SOKETI_DEBUG logs frames: the capture saw them
      assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(SECRET));
      assertThat(logs.lines()).noneMatch(l -> l.contains("hook-token") || l.contains("token=t"));
    }
  }

  @Test
  void withoutDebugFramesAreNotLogged() {
    try (LogCapture logs = LogCapture.everything(); TestServer server = TestServer.start();
         RawWebSocket ws = RawWebSocket.established(server.wsUrl())) {
      ws.subscribe("news");
      ws.send("{\"event\":\"pusher:ping\",\"data\":{}}");
      ws.nextEvent("pusher:pong");
      assertThat(logs.linesWith("frame from")).isEmpty();
      // (The test's own WebSocket client logs its frames at TRACE; only the server's lines count here.)
      assertThat(logs.serverLines()).noneMatch(l -> l.contains("pusher:subscribe") || l.contains("pusher:ping"));
    }
  }
}

package io.tidings.server.pusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidings.server.support.PrometheusText;
import io.tidings.server.support.PusherAuth;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.SignedApi;
import io.tidings.server.support.TestServer;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A client event the cluster bus cannot take (its outgoing queue full) reaches nobody — not even this
 * node's own subscribers, which would otherwise hear what the other nodes never do — and is counted; the
 * sender's connection stays open (Soketi has no frame for it). The queue is filled for real, as in
 * {@code EventsWhenTheBusIsFullTest}: the attachment table is locked under a large event.
 */
@Tag("postgres")
class ClientEventsWhenTheBusIsFullTest {

  private static final PusherAuth AUTH = PusherAuth.defaultApp();

  @Test
  void aClientEventTheBusRefusedIsDeliveredNowhereAndCounted() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    Map<String, String> env = new HashMap<>(db.soketiEnv());
    env.put("SOKETI_ADAPTER_DRIVER", "postgres");
    env.put("SOKETI_ADAPTER_POSTGRES_OUTGOING_QUEUE_LIMIT", "4");
    env.put("SOKETI_METRICS_ENABLED", "true");
    env.put("SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true");
    try (TestServer server = TestServer.start(env);
         RawWebSocket sender = inPrivate(server);
         RawWebSocket receiver = inPrivate(server)) {
      SignedApi api = SignedApi.forDefaultApp(server);
      sender.send(clientEvent("client-before"));
      assertThat(receiver.next()).contains("client-before");

      try (Connection lock = TestPostgres.connect(db)) {
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("LOCK TABLE socket_io_attachments IN ACCESS EXCLUSIVE MODE");
        }
        assertThat(post(api, "b".repeat(9_000))).isEqualTo(200);
        boolean full = false;
        for (int i = 0; i < 20 && !full; i++) full = post(api, "small") == 503;
        assertThat(full).as("the outgoing queue filled up").isTrue();

        sender.send(clientEvent("client-refused"));
        // Answered after the client event was handled (one loop, in order), while the queue is still full.
        sender.send("{\"event\":\"pusher:ping\",\"data\":{}}");
        assertThat(sender.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
        assertThat(PrometheusText.valueOrZero(server.scrape(), "tidings_client_events_refused_total", Map.of("app_id", "app-id")))
            .isEqualTo(1);
        lock.rollback();
      }
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> post(api, "after") == 200);
      sender.send(clientEvent("client-after"));
      // Had the refused event been delivered here, it would have come first.
      assertThat(receiver.next()).contains("client-after");
      assertThat(sender.isOpen()).isTrue();
    }
  }

  private static RawWebSocket inPrivate(TestServer server) {
    RawWebSocket ws = RawWebSocket.established(server.wsUrl());
    ws.send(AUTH.subscribePrivate(ws.socketId(), "private-room"));
    assertThat(ws.next()).contains("subscription_succeeded");
    return ws;
  }

  private static String clientEvent(String name) {
    return "{\"event\":\"" + name + "\",\"channel\":\"private-room\",\"data\":{\"x\":1}}";
  }

  private static int post(SignedApi api, String data) {
    return api.post("/apps/app-id/events",
        "{\"name\":\"e\",\"channel\":\"news\",\"data\":\"" + data + "\"}").statusCode();
  }
}

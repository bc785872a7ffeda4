package io.tidings.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import io.tidings.testing.socketio.AdminUiClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A read-only admin UI in production mode on a Pusher server whose app takes one connection: the admin
 * client is no app connection (the one slot stays the app's), it is offered no action and its disconnects
 * are ignored, and it gets the stats but no socket list.
 */
class AdminReadonlyProductionTest {

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of(
      "SOKETI_ADMIN_UI_ENABLED", "true",
      "SOKETI_ADMIN_UI_PASSWORD_HASH", PusherAdminModelTest.CHANGEIT,
      "SOKETI_ADMIN_UI_READONLY", "true",
      "SOKETI_ADMIN_UI_MODE", "production",
      "SOKETI_DEFAULT_APP_MAX_CONNS", "1"));

  @Test
  void theAdminClientTakesNoAppSlotIsOfferedNoActionAndSeesNoSockets() throws Exception {
    try (AdminUiClient admin = new AdminUiClient(server.port(), Map.of("username", "admin", "password", "changeit"))) {
      assertThat(admin.next("config")).isEqualTo("config [{\"supportedFeatures\":[\"AGGREGATED_EVENTS\"]}]");
      try (RawWebSocket app = RawWebSocket.established(server.wsUrl())) {
        // The app's one connection fits beside the admin client; a second is over the quota.
        try (RawWebSocket second = RawWebSocket.connect(server.wsUrl())) {
          assertThat(second.next()).contains("\"code\":4100");
        }
        admin.emit("_disconnect", "/app-id", true, app.socketId());
        assertThat(AdminUiClient.args(admin.next("server_stats")).get(0).path("clientsCount").asInt()).isEqualTo(1);
        app.send("{\"event\":\"pusher:ping\",\"data\":{}}");
        assertThat(app.next()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
      }
      assertThat(admin.heard).noneMatch(line -> line.startsWith("all_sockets") || line.startsWith("socket_connected"));
    }
  }
}

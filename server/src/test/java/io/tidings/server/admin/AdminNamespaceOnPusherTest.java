package io.tidings.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.support.ChannelAuth;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.TestServer;
import io.tidings.testing.socketio.AdminUiClient;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin namespace on the Pusher server's main port, with the Java Socket.IO client as the admin UI:
 * login, what it is told on connecting, the stats, the live stream, and disconnecting a Pusher connection.
 */
class AdminNamespaceOnPusherTest {

  @RegisterExtension
  static final TestServer server = TestServer.with(Map.of(
      "SOKETI_ADMIN_UI_ENABLED", "true",
      "SOKETI_ADMIN_UI_PASSWORD_HASH", PusherAdminModelTest.CHANGEIT,
      "SOKETI_ADMIN_UI_SERVER_ID", "node-a"));

  static Map<String, String> login(String password) {
    return Map.of("username", "admin", "password", password);
  }

  @Test
  void wrongCredentialsAreRefusedAsNodeRefusesThem() throws Exception {
    try (AdminUiClient admin = new AdminUiClient(server.port(), login("changeme"))) {
      // The Java client hands over the CONNECT_ERROR payload; the browser's client makes err.message of it.
      assertThat(admin.next("connect")).isEqualTo("connect_error {\"message\":\"invalid credentials\"}");
    }
    try (AdminUiClient admin = new AdminUiClient(server.port(), Map.of())) {
      assertThat(admin.next("connect")).isEqualTo("connect_error {\"message\":\"invalid credentials\"}");
    }
  }

  @Test
  void theMainNamespaceIsNotServed() throws Exception {
    try (AdminUiClient other = new AdminUiClient(server.port(), "/", Map.of())) {
      assertThat(other.next("connect")).isEqualTo("connect_error {\"message\":\"Invalid namespace\"}");
    }
  }

  @Test
  void aLoggedInClientGetsASessionTheFeaturesAndEveryConnectionWithItsChannels() throws Exception {
    try (RawWebSocket pusher = RawWebSocket.established(server.wsUrl());
         AdminUiClient admin = new AdminUiClient(server.port(), login("changeit"))) {
      ChannelAuth.subscribePresence(pusher, "presence-lobby", "{\"user_id\":7,\"user_info\":{\"name\":\"Seven\"}}");
      assertThat(admin.next("connect")).isEqualTo("connect");
      assertThat(admin.next("session")).matches("session \\[\"[0-9a-f]{16}\"]");
      assertThat(admin.next("config")).isEqualTo(
          "config [{\"supportedFeatures\":[\"DISCONNECT\",\"MDISCONNECT\",\"AGGREGATED_EVENTS\",\"ALL_EVENTS\"]}]");
      JsonNode sockets = AdminUiClient.args(admin.next("all_sockets")).get(0);
      JsonNode mine = null;
      for (JsonNode s : sockets) if (s.path("id").asText().equals(pusher.socketId())) mine = s;
      assertThat(mine).as("the Pusher connection in all_sockets").isNotNull();
      assertThat(mine.path("nsp").asText()).isEqualTo("/app-id");
      assertThat(mine.path("clientId").asText()).isEqualTo(pusher.socketId());
      assertThat(mine.path("transport").asText()).isEqualTo("websocket");
      assertThat(mine.path("rooms").toString()).isEqualTo("[\"" + pusher.socketId() + "\",\"presence-lobby\"]");
      assertThat(mine.path("data").toString())
          .isEqualTo("{\"presence\":{\"presence-lobby\":{\"user_id\":7,\"user_info\":{\"name\":\"Seven\"}}}}");
      assertThat(mine.path("handshake").path("address").asText()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void serverStatsNameTheNodeAndCountOnlyPusherConnections() throws Exception {
    try (RawWebSocket pusher = RawWebSocket.established(server.wsUrl());
         AdminUiClient admin = new AdminUiClient(server.port(), login("changeit"))) {
      JsonNode stats = AdminUiClient.args(admin.next("server_stats")).get(0);
      assertThat(stats.path("serverId").asText()).isEqualTo("node-a");
      assertThat(stats.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
      assertThat(stats.path("pollingClientsCount").asInt()).isZero();
      // The admin client is no Pusher connection: the app's count is the Pusher socket's alone.
      assertThat(server.server().context().localApps().get("app-id").connections()).isEqualTo(1);
      assertThat(stats.path("clientsCount").asInt()).isEqualTo(1);
      assertThat(stats.path("namespaces").toString()).isEqualTo("[{\"name\":\"/app-id\",\"socketsCount\":1}]");
    }
  }

  @Test
  void theStreamShowsAConnectionItsRoomsAndItsEvents() throws Exception {
    try (AdminUiClient admin = new AdminUiClient(server.port(), login("changeit"))) {
      admin.next("all_sockets");
      try (RawWebSocket pusher = RawWebSocket.established(server.wsUrl())) {
        String id = pusher.socketId();
        assertThat(admin.next("socket_connected")).contains("\"id\":\"" + id + "\"").contains("\"nsp\":\"/app-id\"");
        pusher.subscribe("news");
        assertThat(admin.next("room_joined")).startsWith("room_joined [\"/app-id\",\"news\",\"" + id + "\",\"20");
        new io.tidings.server.support.PusherClients(server).rest().trigger("news", "headline", "extra");
        assertThat(admin.next("event_sent")).startsWith(
            "event_sent [\"/app-id\",\"" + id + "\",[\"headline\",{\"data\":\"\\\"extra\\\"\",\"channel\":\"news\"}],\"20");
      }
      assertThat(admin.next("socket_disconnected")).contains("\"transport close\"");
    }
  }

  @Test
  void disconnectingFromTheUiClosesThePusherConnectionWith4009() throws Exception {
    try (RawWebSocket pusher = RawWebSocket.established(server.wsUrl());
         AdminUiClient admin = new AdminUiClient(server.port(), login("changeit"))) {
      admin.next("config");
      admin.emit("_disconnect", "/app-id", false, pusher.socketId());
      assertThat(pusher.next()).isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":\"You got disconnected by the app.\"}}");
      assertThat(pusher.awaitClose()).isEqualTo(4009);
    }
  }

  @Test
  void aSessionIdLetsTheClientBackInWithoutThePassword() throws Exception {
    String session;
    try (AdminUiClient admin = new AdminUiClient(server.port(), login("changeit"))) {
      session = AdminUiClient.args(admin.next("session")).get(0).asText();
    }
    try (AdminUiClient again = new AdminUiClient(server.port(), Map.of("sessionId", session))) {
      assertThat(again.next("connect")).isEqualTo("connect");
    }
  }
}

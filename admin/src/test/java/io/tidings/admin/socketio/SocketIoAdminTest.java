package io.tidings.admin.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.admin.AdminNamespace;
import io.tidings.admin.AdminOptions;
import io.tidings.admin.auth.AdminAuth;
import io.tidings.socketio.adapter.InMemoryAdapter;
import io.tidings.socketio.SocketIoServer;
import io.tidings.testing.socketio.AdminUiClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Tidings Socket.IO server instrumented as Node's {@code instrument(io, options)} does it, with the Java
 * Socket.IO client both as the application's client and as the admin UI.
 */
class SocketIoAdminTest {

  static final String CHANGEIT = "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS";
  static final Map<String, String> LOGIN = Map.of("username", "admin", "password", "changeit");

  static SocketIoServer io;
  static AdminNamespace admin;
  static int port;

  @BeforeAll
  static void start() {
    io = SocketIoServer.newBuilder().adapter(RoomWatchingAdapter.around(InMemoryAdapter.FACTORY)).build();
    io.on("connection", socket -> {
      String room = socket.handshake().query().get("room");
      if (room != null) socket.join(room);
      socket.on("hello", (args, ack) -> socket.emit("hello", "back at you"));
    });
    port = io.listen(0);
    admin = AdminNamespace.instrument(io, AdminOptions.newBuilder(AdminAuth.basic("admin", CHANGEIT)).serverId("sio-1").build());
  }

  @AfterAll
  static void stop() {
    admin.close();
    io.close();
  }

  static JsonNode find(JsonNode sockets, String nsp, String id) {
    for (JsonNode s : sockets) if (s.path("nsp").asText().equals(nsp) && s.path("id").asText().equals(id)) return s;
    return null;
  }

  @Test
  void allSocketsListsAClientWithItsRoomsAndTheConfigOffersEveryAction() throws Exception {
    try (AdminUiClient client = new AdminUiClient(port, "/?room=lobby", Map.of());
         AdminUiClient ui = new AdminUiClient(port, LOGIN)) {
      assertThat(client.next("connect")).isEqualTo("connect");
      assertThat(ui.next("config")).isEqualTo("config [{\"supportedFeatures\":[\"EMIT\",\"JOIN\",\"LEAVE\",\"DISCONNECT\","
          + "\"MJOIN\",\"MLEAVE\",\"MDISCONNECT\",\"AGGREGATED_EVENTS\",\"ALL_EVENTS\"]}]");
      JsonNode sockets = AdminUiClient.args(ui.next("all_sockets")).get(0);
      JsonNode mine = find(sockets, "/", client.socket.id());
      assertThat(mine).as("the client's socket").isNotNull();
      assertThat(mine.path("rooms").toString()).contains("\"lobby\"").contains("\"" + client.socket.id() + "\"");
      assertThat(mine.path("transport").asText()).isEqualTo("websocket");
      assertThat(mine.path("clientId").asText()).hasSize(12);
      assertThat(mine.path("handshake").path("query").path("room").asText()).isEqualTo("lobby");
      assertThat(find(sockets, "/admin", ui.socket.id())).as("the admin namespace's own socket, as Node lists it").isNotNull();
    }
  }

  @Test
  void theStreamShowsConnectionsRoomsAndEventsBothWays() throws Exception {
    try (AdminUiClient ui = new AdminUiClient(port, LOGIN)) {
      ui.next("all_sockets");
      try (AdminUiClient client = new AdminUiClient(port, "/?room=kitchen", Map.of())) {
        client.next("connect");
        String id = client.socket.id();
        assertThat(ui.next("socket_connected", "\"id\":\"" + id + "\"")).contains("\"nsp\":\"/\"");
        client.emit("hello", "there");
        assertThat(ui.next("event_received")).startsWith("event_received [\"/\",\"" + id + "\",[\"hello\",\"there\"],\"20");
        assertThat(ui.next("event_sent")).startsWith("event_sent [\"/\",\"" + id + "\",[\"hello\",\"back at you\"],\"20");
        ui.emit("join", "/", "pantry", id);
        assertThat(ui.next("room_joined")).startsWith("room_joined [\"/\",\"pantry\",\"" + id + "\",\"20");
        ui.emit("_disconnect", "/", false, id);
        assertThat(client.next("disconnect")).isEqualTo("disconnect io server disconnect");
        assertThat(ui.next("socket_disconnected")).startsWith(
            "socket_disconnected [\"/\",\"" + id + "\",\"server namespace disconnect\",\"20");
      }
    }
  }

  @Test
  void malformedActionsAreCountedAndIgnoredAndTheNextGoodOneWorks() throws Exception {
    try (AdminUiClient client = new AdminUiClient(port, "/", Map.of());
         AdminUiClient ui = new AdminUiClient(port, LOGIN)) {
      client.next("connect");
      String id = client.socket.id();
      ui.next("config");
      long before = admin.ignoredActions();
      ui.emit("join", "/");                         // no room
      ui.emit("_disconnect", 7, false, id);         // a namespace that is no text
      ui.emit("emit", "/", id);                     // no event name
      await().atMost(Duration.ofSeconds(20)).until(() -> admin.ignoredActions() == before + 3);
      assertThat(client.socket.connected()).isTrue();
      ui.emit("_disconnect", "/", false, id);
      assertThat(client.next("disconnect")).isEqualTo("disconnect io server disconnect");
    }
  }

  @Test
  void theStatsCountTheServersNamespacesAndTraffic() throws Exception {
    try (AdminUiClient ui = new AdminUiClient(port, LOGIN)) {
      ui.next("config");
      try (AdminUiClient gone = new AdminUiClient(port, "/", Map.of())) {
        gone.next("connect");
      }
      java.util.Set<String> counted = new java.util.HashSet<>();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        JsonNode stats = AdminUiClient.args(ui.next("server_stats")).get(0);
        assertThat(stats.path("serverId").asText()).isEqualTo("sio-1");
        assertThat(stats.path("namespaces").toString()).contains("{\"name\":\"/admin\",\"socketsCount\":1}");
        stats.path("aggregatedEvents").forEach(e -> counted.add(e.path("type").asText() + " " + e.path("subType").asText("")));
        assertThat(counted).contains("packetsOut ", "rawConnection ", "rawDisconnection client namespace disconnect");
      });
    }
  }

  @Test
  void eventsAreStreamedOnlyWhileAnAdminClientWatches() throws Exception {
    try (SocketIoServer quiet = SocketIoServer.newBuilder().build()) {
      int p = quiet.listen(0);
      try (AdminNamespace a = AdminNamespace.instrument(quiet, AdminOptions.newBuilder(AdminAuth.disabled())
          .statsInterval(Duration.ofMillis(200)).build())) {
        assertThat(a.streaming()).isFalse();
        try (AdminUiClient ui = new AdminUiClient(p, Map.of())) {
          ui.next("all_sockets");
          assertThat(a.streaming()).isTrue();
          try (AdminUiClient client = new AdminUiClient(p, "/", Map.of())) {
            client.next("connect");
            assertThat(ui.next("socket_connected", "\"nsp\":\"/\"")).contains(client.socket.id());
          }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !a.streaming());
      }
    }
  }

  @Test
  void readonlyOffersNoActionAndIgnoresThem() throws Exception {
    try (SocketIoServer ro = SocketIoServer.newBuilder().build()) {
      int p = ro.listen(0);
      try (AdminNamespace a = AdminNamespace.instrument(ro, AdminOptions.newBuilder(AdminAuth.disabled()).readonly(true)
          .development(false).build());
           AdminUiClient client = new AdminUiClient(p, "/", Map.of());
           AdminUiClient ui = new AdminUiClient(p, Map.of())) {
        client.next("connect");
        assertThat(ui.next("config")).isEqualTo("config [{\"supportedFeatures\":[\"AGGREGATED_EVENTS\"]}]");
        ui.emit("_disconnect", "/", true, client.socket.id());
        ui.next("server_stats");
        ui.next("server_stats");
        assertThat(client.socket.connected()).isTrue();
      }
    }
  }
}

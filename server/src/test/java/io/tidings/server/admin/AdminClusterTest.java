package io.tidings.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.server.support.RawWebSocket;
import io.tidings.server.support.ServerProcess;
import io.tidings.server.support.TestServer;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import io.tidings.testing.socketio.AdminUiClient;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two Pusher nodes on one PostgreSQL (this JVM and a process of its own: a process has one bus), an admin
 * client on one of them: it sees both servers, the other node's connections and events, and its disconnect
 * reaches a connection of the other node.
 */
@Tag("postgres")
class AdminClusterTest {

  static TestServer a;
  static ServerProcess b;

  @BeforeAll
  static void startCluster() {
    PgTarget db = TestPostgres.newDatabase();
    Map<String, String> env = new HashMap<>(db.soketiEnv());
    env.put("SOKETI_ADAPTER_DRIVER", "postgres");
    env.put("SOKETI_ADMIN_UI_ENABLED", "true");
    env.put("SOKETI_ADMIN_UI_PASSWORD_HASH", PusherAdminModelTest.CHANGEIT);
    env.put("SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true");
    env.put("SOKETI_ADMIN_UI_SERVER_ID", "node-a");
    a = TestServer.start(env);
    env.put("SOKETI_ADMIN_UI_SERVER_ID", "node-b");
    b = ServerProcess.start(env);
  }

  @AfterAll
  static void stopCluster() {
    if (a != null) a.close();
    if (b != null) b.close();
  }

  static Map<String, String> login() {
    return Map.of("username", "admin", "password", "changeit");
  }

  @Test
  void anAdminClientOfOneNodeSeesBothServers() throws Exception {
    try (AdminUiClient admin = new AdminUiClient(a.port(), login())) {
      Set<String> servers = new HashSet<>();
      while (servers.size() < 2) servers.add(AdminUiClient.args(admin.next("server_stats")).get(0).path("serverId").asText());
      assertThat(servers).containsExactlyInAnyOrder("node-a", "node-b");
    }
  }

  @Test
  void theOtherNodesConnectionsAreListedAndItsEventsStreamed() throws Exception {
    try (RawWebSocket onB = RawWebSocket.established(b.wsUrl("app-key"))) {
      onB.subscribe("cluster-news");
      try (AdminUiClient admin = new AdminUiClient(a.port(), login())) {
        JsonNode sockets = AdminUiClient.args(admin.next("all_sockets")).get(0);
        JsonNode found = null;
        for (JsonNode s : sockets) if (s.path("id").asText().equals(onB.socketId())) found = s;
        assertThat(found).as("node b's connection in node a's all_sockets").isNotNull();
        assertThat(found.path("rooms").toString()).contains("cluster-news");
        onB.subscribe("later");
        assertThat(admin.next("room_joined")).startsWith("room_joined [\"/app-id\",\"later\",\"" + onB.socketId() + "\"");
      }
    }
  }

  @Test
  void aDisconnectFromOneNodeClosesAConnectionOfTheOther() throws Exception {
    try (RawWebSocket onB = RawWebSocket.established(b.wsUrl("app-key"));
         AdminUiClient admin = new AdminUiClient(a.port(), login())) {
      admin.next("config");
      admin.emit("_disconnect", "/app-id", false, onB.socketId());
      assertThat(onB.awaitClose()).isEqualTo(4009);
    }
  }

  @Test
  void aSessionGivenByOneNodeLetsTheClientBackInOnTheOther() throws Exception {
    String session;
    try (AdminUiClient admin = new AdminUiClient(a.port(), login())) {
      session = AdminUiClient.args(admin.next("session")).get(0).asText();
      admin.next("config");
    }
    try (AdminUiClient again = new AdminUiClient(b.port(), Map.of("sessionId", session))) {
      assertThat(again.next("connect")).isEqualTo("connect");
    }
    try (AdminUiClient forged = new AdminUiClient(b.port(), Map.of("sessionId", "0123456789abcdef"))) {
      assertThat(forged.next("connect")).isEqualTo("connect_error {\"message\":\"invalid credentials\"}");
    }
  }
}

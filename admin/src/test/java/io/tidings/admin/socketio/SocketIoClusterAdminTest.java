package io.tidings.admin.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.admin.AdminNamespace;
import io.tidings.admin.AdminOptions;
import io.tidings.admin.auth.AdminAuth;
import io.tidings.bus.Bus;
import io.tidings.bus.postgres.PostgresBus;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.socketio.SocketIoServer;
import io.tidings.socketio.cluster.PostgresAdapterFactory;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import io.tidings.testing.socketio.AdminUiClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two Tidings Socket.IO servers with the PostgreSQL adapter, each instrumented the default way (the admin
 * namespace's own adapter carries the cluster, as in Node): an admin client of one sees both servers, the
 * other server's sockets, and disconnects one of them. Each server has a bus of its own, as two processes would.
 */
@Tag("postgres")
class SocketIoClusterAdminTest {

  static final Map<String, String> LOGIN = SocketIoAdminTest.LOGIN;

  record Node(Bus bus, SocketIoServer io, AdminNamespace admin, int port) {
    static Node start(PgTarget db, String serverId) throws Exception {
      Bus bus = PostgresBus.start(PostgresBusConfig.builder().host(db.host()).port(db.port()).database(db.database())
          .user(db.user()).password(db.password()).build()).get(30, TimeUnit.SECONDS);
      SocketIoServer io = SocketIoServer.newBuilder()
          .adapter(RoomWatchingAdapter.around(PostgresAdapterFactory.on(bus, Duration.ofSeconds(5)))).build();
      io.on("connection", socket -> {
        String room = socket.handshake().query().get("room");
        if (room != null) socket.join(room);
      });
      int port = io.listen(0);
      AdminNamespace admin = AdminNamespace.instrument(io,
          AdminOptions.newBuilder(AdminAuth.basic("admin", SocketIoAdminTest.CHANGEIT)).serverId(serverId).build());
      return new Node(bus, io, admin, port);
    }

    void stop() throws Exception {
      admin.close();
      io.close();
      bus.shutdown().get(10, TimeUnit.SECONDS);
    }
  }

  static Node one;
  static Node two;

  @BeforeAll
  static void start() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    one = Node.start(db, "sio-one");
    two = Node.start(db, "sio-two");
  }

  @AfterAll
  static void stop() throws Exception {
    if (one != null) one.stop();
    if (two != null) two.stop();
  }

  @Test
  void anAdminClientOfOneServerSeesTheClusterAndActsOnTheOther() throws Exception {
    try (AdminUiClient onTwo = new AdminUiClient(two.port(), "/?room=far", Map.of())) {
      assertThat(onTwo.next("connect")).isEqualTo("connect");
      String id = onTwo.socket.id();
      try (AdminUiClient ui = new AdminUiClient(one.port(), LOGIN)) {
        JsonNode sockets = AdminUiClient.args(ui.next("all_sockets")).get(0);
        assertThat(SocketIoAdminTest.find(sockets, "/", id)).as("server two's socket").isNotNull();
        Set<String> servers = new HashSet<>();
        while (servers.size() < 2) servers.add(AdminUiClient.args(ui.next("server_stats")).get(0).path("serverId").asText());
        assertThat(servers).containsExactlyInAnyOrder("sio-one", "sio-two");
        ui.emit("_disconnect", "/", false, id);
        assertThat(onTwo.next("disconnect")).isEqualTo("disconnect io server disconnect");
        assertThat(ui.next("socket_disconnected", id)).contains("server namespace disconnect");
      }
    }
  }
}
